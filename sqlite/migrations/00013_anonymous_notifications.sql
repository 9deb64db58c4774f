-- Notifications of entries made as the anonymous actor: the sender keeps
-- the times it sends them at to the minute, as the entries' own, so that
-- no time in the outbox says to the second when an anonymous report was
-- made. Notifications written before this column existed are not marked.

-- +goose Up
ALTER TABLE notifications ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE notifications DROP COLUMN anonymous;
