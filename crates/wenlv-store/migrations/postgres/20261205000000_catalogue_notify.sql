-- Every change of the catalogue's version (one per committed write to places or offers, by any
-- process) notifies channel `wenlv_catalogue` with the new version, delivered at commit. App
-- servers listening on it reload their read snapshot at once instead of asking per request.
CREATE FUNCTION notify_catalogue_version() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('wenlv_catalogue', NEW.version::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalogue_version_notify
    AFTER UPDATE ON catalogue_version
    FOR EACH ROW EXECUTE FUNCTION notify_catalogue_version();
