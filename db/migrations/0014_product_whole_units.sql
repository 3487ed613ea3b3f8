ALTER TABLE "products" ADD COLUMN "whole_units" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- Weighed or measured goods keep decimal quantities, and so does any product whose books already
-- hold a fraction (a rule that its own stock or orders break would strand them). Serial-tracked
-- products are whole whatever was recorded before.
UPDATE "products" p SET "whole_units" = false
WHERE p."tracking" <> 'serial'
  AND (lower(trim(p."unit")) IN ('kg', 'g', 't', 'm', 'cm', 'mm', 'km', 'l', 'ml', 'm2', 'm3', '千克', '公斤', '克', '吨', '米', '厘米', '毫米', '升', '毫升', '平方米', '立方米')
    OR EXISTS (SELECT 1 FROM "stock_moves" s WHERE s."product_id" = p."id" AND s."quantity" <> trunc(s."quantity"))
    OR EXISTS (SELECT 1 FROM "sales_order_lines" l WHERE l."product_id" = p."id" AND l."quantity" <> trunc(l."quantity"))
    OR EXISTS (SELECT 1 FROM "price_list_items" i WHERE i."product_id" = p."id" AND i."min_qty" <> trunc(i."min_qty"))
    OR EXISTS (SELECT 1 FROM "channel_stock_lines" c WHERE c."product_id" = p."id" AND (c."on_hand" <> trunc(c."on_hand") OR c."sold" <> trunc(c."sold"))));--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_serial_whole_units" CHECK ("products"."tracking" <> 'serial' or "products"."whole_units");
