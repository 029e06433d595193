// The shapes the preview's own scripts share (scorm-api.js, shell.js), for
// the type-check only (`cargo xtask lint-js`): never served.

/** One call of the SCORM API, as the inspector lists it. */
interface PvCallEntry {
  n: number;
  method: string;
  args: string[];
  /** `typeof` each argument (a number where SCORM wants a string is a bug worth showing). */
  argTypes: string[];
  result: string;
  error: string;
  errorString: string;
  diagnostic: string;
  note: string;
  afterFinish: boolean;
}

/** What the manifest gives a SCO's run-time data (package.rs `Launch`, camelCased by the shell). */
interface PvLaunchData {
  masteryScore?: string;
  launchData?: string;
  maxTimeAllowed?: string;
  timeLimitAction?: string;
  completionThreshold?: string;
  scaledPassingScore?: string;
}

interface PvScormOptions {
  version: '1.2' | '2004';
  /** The run-time data of the launch, flat: element -> value. */
  cmi?: Record<string, string>;
  quirks?: { noLessonMode?: boolean };
  onCall?: (entry: PvCallEntry) => void;
  /** Called on every commit and on finish with the data the LMS stores. */
  onCommit?: (values: Record<string, string>) => void;
}

interface PvScormLmsInstance {
  /** The eight methods of the standard's API object. */
  api: Record<string, (...args: any[]) => string>;
  snapshot(): Record<string, string>;
  values(): Record<string, string>;
  state(): string;
  dirty(): boolean;
}

interface PvScormLms {
  create(options: PvScormOptions): PvScormLmsInstance;
  nextLaunch(
    version: '1.2' | '2004',
    stored: Record<string, string> | null,
    launch: PvLaunchData,
    learner: { id: string; name: string },
    options?: { mode?: string }
  ): Record<string, string>;
  errors: Record<string, Record<string, string>>;
  model: Record<string, Record<string, unknown>>;
  timespan12(ms: number): string;
  duration2004(ms: number): string;
}

declare var CoursepackScormLms: PvScormLms | undefined;

/** The SCORM API objects the preview page puts on its window for the framed package. */
declare var API: PvScormLmsInstance['api'] | undefined;
declare var API_1484_11: PvScormLmsInstance['api'] | undefined;
