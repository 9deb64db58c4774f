-- Where a lot's rounds were made: by a maker, by a rental house (and the
-- house's own lot reference), or made up on set or in the shop (and from
-- what). Lots received before origins were recorded keep an unknown origin.

-- +goose Up
ALTER TABLE ammo_lots ADD COLUMN origin_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE ammo_lots ADD COLUMN origin_maker TEXT NOT NULL DEFAULT '';
ALTER TABLE ammo_lots ADD COLUMN origin_product TEXT NOT NULL DEFAULT '';
ALTER TABLE ammo_lots ADD COLUMN origin_house TEXT NOT NULL DEFAULT '';
ALTER TABLE ammo_lots ADD COLUMN origin_house_lot TEXT NOT NULL DEFAULT '';
ALTER TABLE ammo_lots ADD COLUMN origin_made_from TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE ammo_lots DROP COLUMN origin_made_from;
ALTER TABLE ammo_lots DROP COLUMN origin_house_lot;
ALTER TABLE ammo_lots DROP COLUMN origin_house;
ALTER TABLE ammo_lots DROP COLUMN origin_product;
ALTER TABLE ammo_lots DROP COLUMN origin_maker;
ALTER TABLE ammo_lots DROP COLUMN origin_kind;
