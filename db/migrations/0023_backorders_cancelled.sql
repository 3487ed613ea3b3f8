ALTER TABLE "sales_orders" ADD COLUMN "backorders_cancelled_by" uuid;--> statement-breakpoint
ALTER TABLE "sales_orders" ADD COLUMN "backorders_cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sales_orders" ADD COLUMN "backorders_cancel_reason" text;--> statement-breakpoint
ALTER TABLE "sales_orders" ADD CONSTRAINT "sales_orders_backorders_cancelled_by_users_id_fk" FOREIGN KEY ("backorders_cancelled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Cancelling an order's backorders wrote cancelled_by / cancelled_at / cancel_reason, the columns of the
-- order's own cancellation, though the order stayed open (or, all else shipped, ended shipped); a later
-- cancel of the whole order or of its rest then wrote over them. Where they are still the backorder
-- cancel's they move to its own columns: an order neither cancelled nor rejected, whose backorders the
-- audit log says were cancelled and whose rest it does not say was cancelled (an open order's cancel_*
-- nothing else writes; a shipped or delivered one's either that or cancelling its rest, which comes last).
UPDATE "sales_orders" o SET "backorders_cancelled_by" = o."cancelled_by", "backorders_cancelled_at" = o."cancelled_at", "backorders_cancel_reason" = o."cancel_reason",
    "cancelled_by" = NULL, "cancelled_at" = NULL, "cancel_reason" = NULL
  WHERE o."status" NOT IN ('cancelled', 'rejected') AND o."cancelled_at" IS NOT NULL
    AND EXISTS (SELECT 1 FROM "audit_log" a WHERE a."entity_type" = 'sales_order' AND a."entity_id" = o."id"::text AND a."action" = 'sales_order.backorders_cancelled' AND a."outcome" = 'ok')
    AND NOT EXISTS (SELECT 1 FROM "audit_log" a WHERE a."entity_type" = 'sales_order' AND a."entity_id" = o."id"::text AND a."action" = 'sales_order.rest_cancelled' AND a."outcome" = 'ok');--> statement-breakpoint
-- An order wholly cancelled, or whose rest was cancelled, after its backorders were: the row kept nothing of
-- the backorder cancel, whose who, when and why only the audit log still holds (its actor, its time and
-- the reason it recorded). Taken from there, the last such entry, as the command writes the columns now (the
-- actor through users: the log keeps no foreign key, the column does).
UPDATE "sales_orders" o SET "backorders_cancelled_by" = (SELECT u."id" FROM "users" u WHERE u."id" = a."actor_user_id"), "backorders_cancelled_at" = a."at", "backorders_cancel_reason" = a."after"->>'reason'
  FROM (
    SELECT DISTINCT ON ("entity_id") "entity_id", "actor_user_id", "at", "after" FROM "audit_log"
      WHERE "entity_type" = 'sales_order' AND "action" = 'sales_order.backorders_cancelled' AND "outcome" = 'ok'
      ORDER BY "entity_id", "at" DESC, "id" DESC
  ) a
  WHERE a."entity_id" = o."id"::text AND o."backorders_cancelled_at" IS NULL;
