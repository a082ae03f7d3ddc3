CREATE TYPE "public"."court_appeal_outcome" AS ENUM('rejected', 'accepted', 'partly_accepted', 'returned', 'not_examined', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."court_filing_date_kind" AS ENUM('received_by_court', 'filed');--> statement-breakpoint
CREATE TABLE "court_appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"ruling_document_id" uuid,
	"court" text NOT NULL,
	"filed_on" date NOT NULL,
	"filed_on_kind" "court_filing_date_kind" NOT NULL,
	"court_reference" text,
	"recorded_by" uuid NOT NULL,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" "court_appeal_outcome",
	"outcome_on" date,
	"outcome_notes" text,
	"outcome_recorded_by" uuid,
	"outcome_recorded_by_name" text,
	"outcome_recorded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "court_appeals" ADD CONSTRAINT "court_appeals_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "court_appeals" ADD CONSTRAINT "court_appeals_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "court_appeals" ADD CONSTRAINT "court_appeals_ruling_document_id_documents_id_fk" FOREIGN KEY ("ruling_document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "court_appeals" ADD CONSTRAINT "court_appeals_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "court_appeals" ADD CONSTRAINT "court_appeals_outcome_recorded_by_users_id_fk" FOREIGN KEY ("outcome_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "court_appeals_case" ON "court_appeals" USING btree ("case_id","recorded_at");--> statement-breakpoint
CREATE INDEX "court_appeals_pending" ON "court_appeals" USING btree ("case_id") WHERE "court_appeals"."outcome" IS NULL;--> statement-breakpoint
-- Archived documents are read-only: once archiving has set the retention class of a document of
-- a closed case, no version may be added, changed or removed, and its descriptive metadata may
-- not change. Archive operations stay possible: retention class and disposal date, legal hold,
-- signature status, and disposal (disposed_at set, content_text cleared). SQLSTATE SA001 lets
-- the application tell this refusal from other errors.
CREATE OR REPLACE FUNCTION document_is_archived(p_document_id uuid) RETURNS boolean AS $$
  SELECT EXISTS (
    SELECT 1 FROM documents d JOIN cases c ON c.id = d.case_id
    WHERE d.id = p_document_id
      AND d.retention_class IS NOT NULL
      AND (c.closed_at IS NOT NULL OR c.status = 'closed'))
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION document_versions_refuse_archived() RETURNS trigger AS $$
DECLARE
  target uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.document_id ELSE OLD.document_id END;
BEGIN
  IF document_is_archived(target) THEN
    RAISE EXCEPTION 'document % is archived and read-only (% of a version refused)', target, TG_OP
      USING ERRCODE = 'SA001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER document_versions_archived_read_only
  BEFORE INSERT OR UPDATE OR DELETE ON document_versions
  FOR EACH ROW EXECUTE FUNCTION document_versions_refuse_archived();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION documents_refuse_archived_change() RETURNS trigger AS $$
BEGIN
  IF NOT document_is_archived(OLD.id) THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'DELETE'
    OR NEW.title IS DISTINCT FROM OLD.title
    OR NEW.type IS DISTINCT FROM OLD.type
    OR NEW.language IS DISTINCT FROM OLD.language
    OR NEW.client_id IS DISTINCT FROM OLD.client_id
    OR NEW.case_id IS DISTINCT FROM OLD.case_id
    OR NEW.source_channel IS DISTINCT FROM OLD.source_channel
    OR NEW.created_by IS DISTINCT FROM OLD.created_by
    OR NEW.created_at IS DISTINCT FROM OLD.created_at
    OR (NEW.content_text IS DISTINCT FROM OLD.content_text
        AND NOT (NEW.content_text IS NULL AND NEW.disposed_at IS NOT NULL)) THEN
    RAISE EXCEPTION 'document % is archived and read-only (% refused)', OLD.id, TG_OP
      USING ERRCODE = 'SA001';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER documents_archived_read_only
  BEFORE UPDATE OR DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION documents_refuse_archived_change();
