ALTER TABLE "scan_batches" DROP CONSTRAINT "scan_batches_client_id_clients_id_fk";
--> statement-breakpoint
ALTER TABLE "scan_pages" DROP CONSTRAINT "scan_pages_document_id_documents_id_fk";
--> statement-breakpoint
DROP INDEX "scan_pages_page";--> statement-breakpoint
ALTER TABLE "scan_batches" DROP COLUMN "client_id";--> statement-breakpoint
ALTER TABLE "scan_pages" DROP COLUMN "document_id";