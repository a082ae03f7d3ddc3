// Public surface of the archive module: search for staff and archivists.
export { ArchiveQuery, searchArchive, type ArchiveHit } from './search-archive';
