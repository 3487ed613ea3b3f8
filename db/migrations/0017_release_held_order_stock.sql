-- An order held over credit holds no stock until it is approved (approve-order reserves it then).
-- Orders held before that rule reserved at submission and raised a shortfall requisition: release
-- what they hold, zero their backorders and cancel their open requisitions, so approving one takes
-- its stock and raises its requisition once, like any other. The stock freed goes to orders waiting
-- for it at the next stock change of those products (allocateFreedStock), as any released stock.
WITH held AS (
  SELECT "id" FROM "sales_orders" WHERE "status" = 'submitted' AND "needs_approval"
), released AS (
  UPDATE "stock_reservations" r SET "status" = 'released', "updated_at" = now()
  FROM held WHERE r."source_type" = 'sales_order' AND r."source_id" = held."id"::text AND r."status" = 'active'
  RETURNING r."balance_id", r."quantity"
)
UPDATE "stock_balances" b SET "reserved" = b."reserved" - s."quantity", "updated_at" = now()
FROM (SELECT "balance_id", sum("quantity") AS "quantity" FROM released GROUP BY "balance_id") s
WHERE b."id" = s."balance_id";--> statement-breakpoint
UPDATE "sales_order_lines" l SET "backordered_qty" = 0
FROM "sales_orders" o
WHERE l."order_id" = o."id" AND o."status" = 'submitted' AND o."needs_approval" AND l."backordered_qty" <> 0;--> statement-breakpoint
UPDATE "requisitions" q SET "status" = 'cancelled', "updated_at" = now()
FROM "sales_orders" o
WHERE q."source_type" = 'sales_order' AND q."source_id" = o."id" AND o."status" = 'submitted' AND o."needs_approval" AND q."status" = 'open';
