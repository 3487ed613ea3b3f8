CREATE TYPE "public"."channel_period_kind" AS ENUM('week', 'month');--> statement-breakpoint
CREATE TYPE "public"."requisition_status" AS ENUM('open', 'approved', 'ordered', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."sales_order_status" AS ENUM('submitted', 'approved', 'reserved', 'picked', 'partially_shipped', 'shipped', 'delivered', 'cancelled', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."shipment_status" AS ENUM('shipped', 'delivered');--> statement-breakpoint
CREATE SEQUENCE "public"."requisition_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."sales_order_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."shipment_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "channel_stock_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"on_hand" numeric(18, 4) NOT NULL,
	"sold" numeric(18, 4) NOT NULL,
	CONSTRAINT "channel_stock_lines_report_product_uq" UNIQUE("report_id","product_id"),
	CONSTRAINT "channel_stock_lines_nonneg" CHECK ("channel_stock_lines"."on_hand" >= 0 and "channel_stock_lines"."sold" >= 0)
);
--> statement-breakpoint
CREATE TABLE "channel_stock_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dealer_org_id" uuid NOT NULL,
	"period_kind" "channel_period_kind" NOT NULL,
	"period_start" date NOT NULL,
	"submitted_by" uuid NOT NULL,
	"source" text DEFAULT 'form' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_stock_reports_source" CHECK ("channel_stock_reports"."source" in ('form', 'upload', 'demo'))
);
--> statement-breakpoint
CREATE TABLE "requisition_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"requisition_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"quantity" numeric(18, 4) NOT NULL,
	"source_line_id" uuid,
	CONSTRAINT "requisition_lines_quantity_pos" CHECK ("requisition_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "requisitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"status" "requisition_status" DEFAULT 'open' NOT NULL,
	"source_type" text NOT NULL,
	"source_id" uuid,
	"requested_by" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sales_order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" numeric(18, 4) NOT NULL,
	"unit_price" numeric(18, 4) NOT NULL,
	"tax_rate" numeric(5, 4) NOT NULL,
	"line_net" numeric(18, 2) NOT NULL,
	"line_tax" numeric(18, 2) NOT NULL,
	"backordered_qty" numeric(18, 4) DEFAULT '0' NOT NULL,
	"shipped_qty" numeric(18, 4) DEFAULT '0' NOT NULL,
	CONSTRAINT "sales_order_lines_order_position_uq" UNIQUE("order_id","position"),
	CONSTRAINT "sales_order_lines_quantity_pos" CHECK ("sales_order_lines"."quantity" > 0),
	CONSTRAINT "sales_order_lines_price_nonneg" CHECK ("sales_order_lines"."unit_price" >= 0),
	CONSTRAINT "sales_order_lines_progress" CHECK ("sales_order_lines"."backordered_qty" >= 0 and "sales_order_lines"."shipped_qty" >= 0 and "sales_order_lines"."backordered_qty" + "sales_order_lines"."shipped_qty" <= "sales_order_lines"."quantity")
);
--> statement-breakpoint
CREATE TABLE "sales_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"dealer_org_id" uuid NOT NULL,
	"placed_by" uuid NOT NULL,
	"status" "sales_order_status" NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"price_tier" text NOT NULL,
	"subtotal" numeric(18, 2) NOT NULL,
	"tax_total" numeric(18, 2) NOT NULL,
	"total" numeric(18, 2) NOT NULL,
	"credit_check" jsonb NOT NULL,
	"needs_approval" boolean DEFAULT false NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"decision_note" text,
	"cancelled_by" uuid,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"dealer_reference" text,
	"ship_to" text,
	"note" text,
	"paid_total" numeric(18, 2) DEFAULT '0' NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_orders_amounts_nonneg" CHECK ("sales_orders"."subtotal" >= 0 and "sales_orders"."tax_total" >= 0 and "sales_orders"."total" >= 0 and "sales_orders"."paid_total" >= 0),
	CONSTRAINT "sales_orders_key_len" CHECK (length("sales_orders"."idempotency_key") between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "shipment_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shipment_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" numeric(18, 4) NOT NULL,
	CONSTRAINT "shipment_lines_quantity_pos" CHECK ("shipment_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"order_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"status" "shipment_status" DEFAULT 'shipped' NOT NULL,
	"shipped_by" uuid NOT NULL,
	"shipped_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "channel_stock_lines" ADD CONSTRAINT "channel_stock_lines_report_id_channel_stock_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."channel_stock_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_stock_lines" ADD CONSTRAINT "channel_stock_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_stock_reports" ADD CONSTRAINT "channel_stock_reports_dealer_org_id_organizations_id_fk" FOREIGN KEY ("dealer_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_stock_reports" ADD CONSTRAINT "channel_stock_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD CONSTRAINT "requisition_lines_requisition_id_requisitions_id_fk" FOREIGN KEY ("requisition_id") REFERENCES "public"."requisitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD CONSTRAINT "requisition_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD CONSTRAINT "requisition_lines_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requisitions" ADD CONSTRAINT "requisitions_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_order_lines" ADD CONSTRAINT "sales_order_lines_order_id_sales_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."sales_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_order_lines" ADD CONSTRAINT "sales_order_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_orders" ADD CONSTRAINT "sales_orders_dealer_org_id_organizations_id_fk" FOREIGN KEY ("dealer_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_orders" ADD CONSTRAINT "sales_orders_placed_by_users_id_fk" FOREIGN KEY ("placed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_orders" ADD CONSTRAINT "sales_orders_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_orders" ADD CONSTRAINT "sales_orders_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_orders" ADD CONSTRAINT "sales_orders_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_orders" ADD CONSTRAINT "sales_orders_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_order_line_id_sales_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."sales_order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_order_id_sales_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."sales_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_shipped_by_users_id_fk" FOREIGN KEY ("shipped_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_stock_lines_product_idx" ON "channel_stock_lines" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_stock_reports_period_uq" ON "channel_stock_reports" USING btree ("dealer_org_id","period_kind","period_start");--> statement-breakpoint
CREATE INDEX "channel_stock_reports_period_idx" ON "channel_stock_reports" USING btree ("period_start");--> statement-breakpoint
CREATE INDEX "requisition_lines_requisition_idx" ON "requisition_lines" USING btree ("requisition_id");--> statement-breakpoint
CREATE INDEX "requisition_lines_product_idx" ON "requisition_lines" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "requisitions_number_uq" ON "requisitions" USING btree ("number");--> statement-breakpoint
CREATE INDEX "requisitions_source_idx" ON "requisitions" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "requisitions_status_idx" ON "requisitions" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "sales_order_lines_product_idx" ON "sales_order_lines" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_orders_number_uq" ON "sales_orders" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "sales_orders_idempotency_uq" ON "sales_orders" USING btree ("dealer_org_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "sales_orders_dealer_created_idx" ON "sales_orders" USING btree ("dealer_org_id","created_at");--> statement-breakpoint
CREATE INDEX "sales_orders_status_created_idx" ON "sales_orders" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "sales_orders_created_idx" ON "sales_orders" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "shipment_lines_shipment_idx" ON "shipment_lines" USING btree ("shipment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_number_uq" ON "shipments" USING btree ("number");--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "shipments" USING btree ("order_id");