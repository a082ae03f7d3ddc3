CREATE TYPE "public"."case_channel" AS ENUM('eservice', 'paper', 'oral');--> statement-breakpoint
CREATE TYPE "public"."case_status" AS ENUM('received', 'in_processing', 'information_requested', 'decided', 'notified', 'appeal_pending', 'closed');--> statement-breakpoint
CREATE TYPE "public"."support_type" AS ENUM('supplementary', 'preventive');--> statement-breakpoint
CREATE TABLE "case_number_counters" (
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_number_counters_organisation_id_year_pk" PRIMARY KEY("organisation_id","year")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"case_number" text,
	"client_id" uuid NOT NULL,
	"household_id" uuid,
	"unit_id" uuid,
	"support_type" "support_type" NOT NULL,
	"channel" "case_channel" NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"status" "case_status" DEFAULT 'received' NOT NULL,
	"received_on" date NOT NULL,
	"decision_due_on" date,
	"possible_duplicate_of" uuid,
	"application_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"process_instance_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "cases_case_number_unique" UNIQUE("case_number")
);
--> statement-breakpoint
ALTER TABLE "case_number_counters" ADD CONSTRAINT "case_number_counters_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_client" ON "cases" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "cases_household_open" ON "cases" USING btree ("household_id","support_type","status");--> statement-breakpoint
CREATE INDEX "cases_unit" ON "cases" USING btree ("unit_id","status");