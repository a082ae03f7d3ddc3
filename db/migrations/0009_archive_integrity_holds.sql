CREATE TYPE "public"."integrity_incident_source" AS ENUM('read', 'scrub');--> statement-breakpoint
CREATE TABLE "document_legal_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"hold" boolean NOT NULL,
	"reason" text NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrity_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"storage_key" text NOT NULL,
	"problem" text NOT NULL,
	"expected_sha256" text NOT NULL,
	"actual_sha256" text,
	"actual_size" bigint,
	"detail" text,
	"source" "integrity_incident_source" NOT NULL,
	"document_id" uuid,
	"version_no" integer,
	"detected_by" uuid,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid
);
--> statement-breakpoint
ALTER TABLE "document_legal_holds" ADD CONSTRAINT "document_legal_holds_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_legal_holds" ADD CONSTRAINT "document_legal_holds_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrity_incidents" ADD CONSTRAINT "integrity_incidents_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrity_incidents" ADD CONSTRAINT "integrity_incidents_detected_by_users_id_fk" FOREIGN KEY ("detected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrity_incidents" ADD CONSTRAINT "integrity_incidents_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_legal_holds_document" ON "document_legal_holds" USING btree ("document_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "integrity_incidents_open" ON "integrity_incidents" USING btree ("storage_key") WHERE "integrity_incidents"."acknowledged_at" IS NULL;--> statement-breakpoint
CREATE INDEX "integrity_incidents_seen" ON "integrity_incidents" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "documents_created" ON "documents" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "documents_legal_hold" ON "documents" USING btree ("created_at") WHERE "documents"."legal_hold";