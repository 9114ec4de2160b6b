/** Where a bad value was found, so that the message can name it. */
export interface Location {
  file?: string;
  line?: number;
  field?: string;
  setting?: string;
}

/** The operation failed and the user must act: exit code 1, message on stderr. */
export class SfError extends Error {
  readonly location: Location;
  constructor(message: string, location: Location = {}) {
    super(message);
    this.name = 'SfError';
    this.location = location;
  }

  /** "file:line: field: message" style text for stderr. */
  describe(): string {
    const { file, line, field, setting } = this.location;
    const where = [
      file && (line ? `${file}:${line}` : file),
      field && `field ${field}`,
      setting && `setting ${setting}`,
    ]
      .filter(Boolean)
      .join(', ');
    return where ? `${where}: ${this.message}` : this.message;
  }
}

/** The command line itself is wrong: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
