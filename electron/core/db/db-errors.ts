/** Failures that stop the core from opening its database; each says what to do about it. */

export class DatabaseCorruptError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`database ${path} is corrupt (${detail}): refusing to use it; restore it from backup or move it aside`, options);
    this.name = 'DatabaseCorruptError';
  }
}

export class DatabaseTooNewError extends Error {
  constructor(
    readonly path: string,
    readonly databaseVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `database schema v${databaseVersion} is newer than this app supports (v${supportedVersion}): refusing to open; update the app`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export class MigrationListError extends Error {
  constructor(message: string) {
    super(`invalid migration list: ${message}`);
    this.name = 'MigrationListError';
  }
}

export class MigrationError extends Error {
  constructor(
    readonly version: number,
    readonly migrationName: string,
    readonly keptVersion: number,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `migration ${version} (${migrationName}) failed: ${reason}; rolled back, database stays at v${keptVersion}`,
      options,
    );
    this.name = 'MigrationError';
  }
}
