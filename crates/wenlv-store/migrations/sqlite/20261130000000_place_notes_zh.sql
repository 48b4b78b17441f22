-- The notes about position, hours and prices in Chinese, for the Chinese pages (the original
-- columns hold the researchers' English).
ALTER TABLE places ADD COLUMN position_note_zh TEXT;
ALTER TABLE places ADD COLUMN hours_note_zh TEXT;
ALTER TABLE places ADD COLUMN price_note_zh TEXT;
