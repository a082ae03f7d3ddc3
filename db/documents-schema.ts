// Tables of the documents and archive area (issue 4): documents, versions, scan batches, search.
// Kept apart from db/schema.ts so that the two areas can change without stepping on each other.
export {};
