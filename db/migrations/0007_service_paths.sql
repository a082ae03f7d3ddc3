CREATE TYPE "public"."delivery_channel" AS ENUM('electronic', 'post');--> statement-breakpoint
CREATE TYPE "public"."disposal_item_state" AS ENUM('proposed', 'excluded', 'legal_hold', 'disposed', 'kept');--> statement-breakpoint
CREATE TYPE "public"."disposal_list_status" AS ENUM('proposed', 'approved', 'rejected', 'disposed');--> statement-breakpoint
CREATE TYPE "public"."notification_outbox_status" AS ENUM('pending', 'sent', 'no_address');--> statement-breakpoint
CREATE TYPE "public"."print_batch_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."routing_rule_kind" AS ENUM('postal_prefix', 'postal_range', 'municipality', 'default');--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"case_id" uuid,
	"channel" "delivery_channel" NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"sent_on" date NOT NULL,
	"deemed_notified_on" date NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disposal_list_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"list_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"state" "disposal_item_state" NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "disposal_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_key" text NOT NULL,
	"process_instance_key" text NOT NULL,
	"case_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"status" "disposal_list_status" DEFAULT 'proposed' NOT NULL,
	"reviewed_by" uuid,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"postpone_until" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disposed_at" timestamp with time zone,
	CONSTRAINT "disposal_lists_round_key_unique" UNIQUE("round_key")
);
--> statement-breakpoint
CREATE TABLE "disposal_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"list_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"case_id" uuid,
	"case_number" text,
	"document_type" text NOT NULL,
	"title" text NOT NULL,
	"retention_class" text,
	"disposal_date" date,
	"versions" jsonb NOT NULL,
	"approved_by" uuid NOT NULL,
	"approved_by_name" text NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"disposed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "disposal_records_document_id_unique" UNIQUE("document_id")
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"to_address" text,
	"locale" "locale" NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" "notification_outbox_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "notification_outbox_delivery_id_unique" UNIQUE("delivery_id")
);
--> statement-breakpoint
CREATE TABLE "print_batch_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"delivery_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "print_batch_items_delivery_id_unique" UNIQUE("delivery_id")
);
--> statement-breakpoint
CREATE TABLE "print_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "print_batch_status" DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"item_count" integer,
	"page_count" integer,
	"storage_key" text,
	"sha256" text,
	"size" bigint
);
--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"priority" integer NOT NULL,
	"kind" "routing_rule_kind" NOT NULL,
	"value" text,
	"range_end" text,
	"unit_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "disposed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_list_items" ADD CONSTRAINT "disposal_list_items_list_id_disposal_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."disposal_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_list_items" ADD CONSTRAINT "disposal_list_items_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_lists" ADD CONSTRAINT "disposal_lists_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_lists" ADD CONSTRAINT "disposal_lists_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_lists" ADD CONSTRAINT "disposal_lists_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disposal_records" ADD CONSTRAINT "disposal_records_list_id_disposal_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."disposal_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "print_batch_items" ADD CONSTRAINT "print_batch_items_batch_id_print_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."print_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "print_batch_items" ADD CONSTRAINT "print_batch_items_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "print_batch_items" ADD CONSTRAINT "print_batch_items_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_once" ON "deliveries" USING btree ("document_id","client_id");--> statement-breakpoint
CREATE INDEX "deliveries_client" ON "deliveries" USING btree ("client_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "disposal_list_items_once" ON "disposal_list_items" USING btree ("list_id","document_id");--> statement-breakpoint
CREATE INDEX "disposal_lists_case" ON "disposal_lists" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "disposal_records_client" ON "disposal_records" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "notification_outbox_pending" ON "notification_outbox" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "print_batch_items_batch" ON "print_batch_items" USING btree ("batch_id","added_at");--> statement-breakpoint
CREATE UNIQUE INDEX "print_batches_one_open" ON "print_batches" USING btree ("status") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "routing_rules_org" ON "routing_rules" USING btree ("organisation_id","priority");--> statement-breakpoint
-- Routing rules seeded with the behaviour before they existed: each postal code a unit served
-- (units.areas) becomes an exact 5-digit prefix rule, in the units' creation order.
INSERT INTO "routing_rules" ("organisation_id", "priority", "kind", "value", "unit_id")
SELECT u."organisation_id",
       (row_number() OVER (PARTITION BY u."organisation_id" ORDER BY u."created_at", u."code", a.code)) * 10,
       'postal_prefix', a.code, u."id"
FROM "units" u, unnest(u."areas") AS a(code);
--> statement-breakpoint
-- Disposal records are kept permanently: UPDATE, DELETE and TRUNCATE are refused.
CREATE OR REPLACE FUNCTION disposal_records_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'disposal_records are permanent (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER disposal_records_no_update_delete
  BEFORE UPDATE OR DELETE ON disposal_records
  FOR EACH ROW EXECUTE FUNCTION disposal_records_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disposal_records_no_truncate
  BEFORE TRUNCATE ON disposal_records
  FOR EACH STATEMENT EXECUTE FUNCTION disposal_records_refuse_change();
