ALTER TABLE "sales_order_lines" DROP CONSTRAINT "sales_order_lines_progress";--> statement-breakpoint
ALTER TABLE "sales_order_lines" ADD COLUMN "cancelled_qty" numeric(18, 4) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "sales_order_lines" ADD CONSTRAINT "sales_order_lines_progress" CHECK ("sales_order_lines"."backordered_qty" >= 0 and "sales_order_lines"."shipped_qty" >= 0 and "sales_order_lines"."cancelled_qty" >= 0 and "sales_order_lines"."backordered_qty" + "sales_order_lines"."shipped_qty" + "sales_order_lines"."cancelled_qty" <= "sales_order_lines"."quantity");--> statement-breakpoint
-- Orders that ended before this column: what they did not ship is cancelled and nothing of them waits
-- for stock any more (their requisitions were cancelled with them), as cancelling or rejecting records it from now on.
UPDATE "sales_order_lines" l SET "cancelled_qty" = l."quantity" - l."shipped_qty", "backordered_qty" = 0
FROM "sales_orders" o
WHERE l."order_id" = o."id" AND o."status" IN ('cancelled', 'rejected') AND l."cancelled_qty" = 0;
