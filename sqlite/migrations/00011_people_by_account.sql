-- Who an account is in a production, for every request's access: the
-- index covers the account, the production and whether the person is still
-- on it, so that finding them reads one entry however large the crew,
-- without the planner's statistics.

-- +goose Up
DROP INDEX people_by_account;
CREATE INDEX people_by_account ON people (account_id, ledger_id, active);

-- +goose Down
DROP INDEX people_by_account;
CREATE INDEX people_by_account ON people (account_id, ledger_id) WHERE account_id <> '';
