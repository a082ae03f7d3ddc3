ALTER TABLE "scan_batches" DROP CONSTRAINT "scan_batches_client_id_clients_id_fk";
--> statement-breakpoint
ALTER TABLE "scan_pages" DROP CONSTRAINT "scan_pages_document_id_documents_id_fk";
--> statement-breakpoint
DROP INDEX "scan_pages_page";--> statement-breakpoint
ALTER TABLE "scan_batches" DROP COLUMN "client_id";--> statement-breakpoint
ALTER TABLE "scan_pages" DROP COLUMN "document_id";--> statement-breakpoint
CREATE TYPE "public"."scan_link_proposal_status" AS ENUM('proposed', 'confirmed', 'rejected');--> statement-breakpoint
CREATE TABLE "scan_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"file_name" text NOT NULL,
	"storage_key" text NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"media_type" text NOT NULL,
	"page_count" integer NOT NULL,
	"status" "scan_status" DEFAULT 'queued' NOT NULL,
	"text" text,
	"searchable_key" text,
	"searchable_sha256" text,
	"searchable_size" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scan_link_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"identity_code" text NOT NULL,
	"status" "scan_link_proposal_status" DEFAULT 'proposed' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"document_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scan_batches" ADD COLUMN "unit_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "file_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "run_after" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "text" text;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "confidence" real;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "text_layer_key" text;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "scan_files" ADD CONSTRAINT "scan_files_batch_id_scan_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."scan_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_link_proposals" ADD CONSTRAINT "scan_link_proposals_file_id_scan_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."scan_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_link_proposals" ADD CONSTRAINT "scan_link_proposals_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_link_proposals" ADD CONSTRAINT "scan_link_proposals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_link_proposals" ADD CONSTRAINT "scan_link_proposals_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scan_files_position" ON "scan_files" USING btree ("batch_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "scan_link_proposals_file_client" ON "scan_link_proposals" USING btree ("file_id","client_id");--> statement-breakpoint
CREATE INDEX "scan_link_proposals_client" ON "scan_link_proposals" USING btree ("client_id");--> statement-breakpoint
ALTER TABLE "scan_batches" ADD CONSTRAINT "scan_batches_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD CONSTRAINT "scan_pages_file_id_scan_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."scan_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scan_pages_file_page" ON "scan_pages" USING btree ("file_id","page_number");--> statement-breakpoint
CREATE INDEX "scan_pages_claimable" ON "scan_pages" USING btree ("run_after") WHERE status = 'queued';