-- Shipment moves written before the ledger became bilingual stored "Shipment SHP-…", English to every
-- reader; new ones store the shipment number alone, which reads the same in both languages.
UPDATE "stock_moves" SET "reason" = substring("reason" from 10) WHERE "kind" = 'shipment' AND "reference_type" = 'sales_order' AND "reason" ~ '^Shipment SHP-';
