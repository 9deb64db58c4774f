-- A production may tighten how many incidents within how many days make
-- a pattern of warning signs (WS-6).

-- +goose Up
ALTER TABLE safety_settings ADD COLUMN pattern_threshold BIGINT NOT NULL DEFAULT 0;
ALTER TABLE safety_settings ADD COLUMN pattern_window_days BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE safety_settings DROP COLUMN pattern_window_days;
ALTER TABLE safety_settings DROP COLUMN pattern_threshold;
