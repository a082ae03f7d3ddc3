CREATE TABLE "decision_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"process_instance_key" text NOT NULL,
	"user_task_key" text NOT NULL,
	"outcome" text NOT NULL,
	"legal_basis_template" text NOT NULL,
	"reasons" text NOT NULL,
	"calculation_input" jsonb NOT NULL,
	"support_cents" integer NOT NULL,
	"proposed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decision_drafts_user_task_key_unique" UNIQUE("user_task_key")
);
--> statement-breakpoint
ALTER TABLE "decision_drafts" ADD CONSTRAINT "decision_drafts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_drafts" ADD CONSTRAINT "decision_drafts_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decision_drafts_case" ON "decision_drafts" USING btree ("case_id","created_at");