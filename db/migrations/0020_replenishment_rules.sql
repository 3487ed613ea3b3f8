CREATE TABLE "replenishment_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"lead_time_days" integer NOT NULL,
	"service_level" integer DEFAULT 95 NOT NULL,
	"manual" boolean DEFAULT false NOT NULL,
	"safety_stock" numeric(18, 4) DEFAULT '0' NOT NULL,
	"reorder_point" numeric(18, 4) DEFAULT '0' NOT NULL,
	"order_up_to" numeric(18, 4),
	"min_order_qty" numeric(18, 4),
	"order_multiple" numeric(18, 4),
	"avg_daily_usage" numeric(18, 4),
	"usage_std_dev" numeric(18, 4),
	"computed_at" timestamp with time zone,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "replenishment_rules_lead_time" CHECK ("replenishment_rules"."lead_time_days" between 1 and 365),
	CONSTRAINT "replenishment_rules_service_level" CHECK ("replenishment_rules"."service_level" in (90, 95, 98, 99)),
	CONSTRAINT "replenishment_rules_figures" CHECK ("replenishment_rules"."safety_stock" >= 0 and "replenishment_rules"."reorder_point" >= "replenishment_rules"."safety_stock"),
	CONSTRAINT "replenishment_rules_order_qty" CHECK (("replenishment_rules"."order_up_to" is null or "replenishment_rules"."order_up_to" > 0) and ("replenishment_rules"."min_order_qty" is null or "replenishment_rules"."min_order_qty" > 0) and ("replenishment_rules"."order_multiple" is null or "replenishment_rules"."order_multiple" > 0)),
	CONSTRAINT "replenishment_rules_usage" CHECK (("replenishment_rules"."avg_daily_usage" is null or "replenishment_rules"."avg_daily_usage" >= 0) and ("replenishment_rules"."usage_std_dev" is null or "replenishment_rules"."usage_std_dev" >= 0))
);
--> statement-breakpoint
ALTER TABLE "replenishment_rules" ADD CONSTRAINT "replenishment_rules_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replenishment_rules" ADD CONSTRAINT "replenishment_rules_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replenishment_rules" ADD CONSTRAINT "replenishment_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "replenishment_rules_place_uq" ON "replenishment_rules" USING btree ("product_id","warehouse_id");--> statement-breakpoint
CREATE INDEX "replenishment_rules_warehouse_idx" ON "replenishment_rules" USING btree ("warehouse_id");--> statement-breakpoint
CREATE UNIQUE INDEX "requisitions_open_reorder_uq" ON "requisitions" USING btree ("source_id") WHERE source_type = 'reorder' and status = 'open';