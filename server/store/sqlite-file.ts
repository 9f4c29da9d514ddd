import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { StoreFault } from './faults';

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');

/**
 * Whether the database file SQLite has open is still the one at its path.
 * SQLite itself does not tell: in WAL mode a connection goes on reading and
 * writing a file that was deleted (the unlinked inode and its -wal file) or
 * overwritten in place (pages come from the WAL and the page cache), and
 * answers every statement with success — until the restart, which finds an
 * empty or broken file.
 */
export interface DatabaseFileWatch {
  /** A fault when the file was deleted, replaced by another, or overwritten with something that is not a SQLite database; null while it is the one opened. */
  check(): StoreFault | null;
  close(): void;
}

/**
 * Watches `file`, opened by SQLite just before. It holds a read-only
 * descriptor of its own on the file for as long as the database is open
 * (closing any descriptor of a file drops the process's POSIX locks on it,
 * SQLite's included, so it is closed only after the database), and compares
 * that descriptor's device and inode with the path's, its link count with
 * zero, and the file's first bytes with SQLite's header.
 */
export function watchDatabaseFile(file: string): DatabaseFileWatch {
  const fd = openSync(file, 'r');
  const opened = fstatSync(fd);
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let closed = false;
  return {
    check() {
      if (closed) return null;
      let now;
      try {
        now = statSync(file);
      } catch {
        return { problem: 'deleted', message: 'the database file was deleted or moved away while fleetscope was running' };
      }
      // Before the link count: a file renamed over the path also leaves the opened one with no link.
      if (now.dev !== opened.dev || now.ino !== opened.ino)
        return { problem: 'replaced', message: 'the database file was replaced by another file while fleetscope was running' };
      if (fstatSync(fd).nlink === 0) return { problem: 'deleted', message: 'the database file was deleted while fleetscope was running' };
      // Watched once the database is set up, so its first page (and header) is on disk.
      const read = readSync(fd, header, 0, header.length, 0);
      if (read < header.length || !header.equals(SQLITE_HEADER))
        return {
          problem: 'replaced',
          message: 'the database file was overwritten or truncated while fleetscope was running (it no longer starts with the SQLite header)',
        };
      return null;
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
