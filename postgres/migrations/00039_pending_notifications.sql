-- The notifications waiting to be sent, by channel and age: the metrics
-- read how many wait on each channel and since when at every scrape.

-- +goose Up
CREATE INDEX notifications_pending ON notifications (channel, created_us) WHERE state = 'pending';

-- +goose Down
DROP INDEX notifications_pending;
