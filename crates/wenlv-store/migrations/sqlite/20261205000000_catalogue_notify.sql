-- PostgreSQL notifies listeners of every catalogue write from this version on (a trigger on the
-- version row). SQLite has no notifications: readers in other processes poll the version row
-- (at most every few hundred milliseconds), so there is nothing to change here. The migration
-- exists so that both engines carry the same versions.
SELECT 1;
