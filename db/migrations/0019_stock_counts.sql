CREATE TYPE "public"."stock_count_status" AS ENUM('pending', 'approved', 'rejected', 'posted');--> statement-breakpoint
CREATE TABLE "stock_counts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"bin_id" uuid,
	"batch" text,
	"counted_quantity" numeric(18, 4) NOT NULL,
	"book_quantity" numeric(18, 4) NOT NULL,
	"difference" numeric(18, 4) NOT NULL,
	"book_moves" integer NOT NULL,
	"reason" text NOT NULL,
	"status" "stock_count_status" NOT NULL,
	"counted_by" uuid NOT NULL,
	"counted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"move_id" uuid,
	CONSTRAINT "stock_counts_difference" CHECK ("stock_counts"."difference" = "stock_counts"."counted_quantity" - "stock_counts"."book_quantity"),
	CONSTRAINT "stock_counts_quantities_nonneg" CHECK ("stock_counts"."counted_quantity" >= 0 and "stock_counts"."book_quantity" >= 0 and "stock_counts"."book_moves" >= 0),
	CONSTRAINT "stock_counts_decided" CHECK (("stock_counts"."status" in ('approved', 'rejected')) = ("stock_counts"."decided_by" is not null and "stock_counts"."decided_at" is not null)),
	CONSTRAINT "stock_counts_rejection_reason" CHECK ("stock_counts"."status" <> 'rejected' or "stock_counts"."decision_reason" is not null),
	CONSTRAINT "stock_counts_decider_not_counter" CHECK ("stock_counts"."decided_by" is null or "stock_counts"."decided_by" <> "stock_counts"."counted_by"),
	CONSTRAINT "stock_counts_move" CHECK (case "stock_counts"."status" when 'approved' then "stock_counts"."move_id" is not null when 'posted' then true else "stock_counts"."move_id" is null end)
);
--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_bin_id_bins_id_fk" FOREIGN KEY ("bin_id") REFERENCES "public"."bins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_counted_by_users_id_fk" FOREIGN KEY ("counted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_move_id_stock_moves_id_fk" FOREIGN KEY ("move_id") REFERENCES "public"."stock_moves"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_counts_status_idx" ON "stock_counts" USING btree ("status","counted_at");--> statement-breakpoint
CREATE INDEX "stock_counts_product_idx" ON "stock_counts" USING btree ("product_id","counted_at");