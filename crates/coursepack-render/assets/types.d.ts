// The shapes the player's scripts share, for the type-check only
// (`tsc --noEmit -p tsconfig.json`, run by `cargo xtask test`): packages never
// ship this file. Every shipped script starts with `// @ts-check` and types
// its own functions with JSDoc; what crosses files (window.coursepack, the
// adapter interface of ADAPTERS.md, #cp-data, an answer record) is here.
// A widget plug-in adds its own globals to `Window` below.

/** Interface strings of the module, by key, already localised. */
type CpStrings = Record<string, string>;

/** One page of the module, as `#cp-data.module.pages` lists it. */
interface CpPageInfo {
  id: string;
  title: string;
}

/** `#cp-data.module`, normalised by the player (`parseData`). */
interface CpModuleInfo {
  id: string;
  version: string;
  title: string;
  language: string;
  pages: CpPageInfo[];
  completion: 'all-pages' | 'quiz-passed' | 'all-pages-and-quiz' | string;
  /** 0-100, or null when the module has no assessment. */
  passMark: number | null;
  reflections: { id: string; pageId: string }[];
  /** The longest text each reflection may hold (the build proved the state fits). */
  reflectionMaxChars: number;
}

/** `#cp-data.lms`: the LMS quirk profile (docs/lms-profiles.md). */
interface CpLmsData {
  profile?: string;
  maxStateLength?: number | Record<string, number>;
  saveInterval?: number;
  navRequest?: boolean;
  interactions?: boolean;
}

/** `#cp-data.activity`: the ids tincan.xml / cmi5.xml declare. */
interface CpActivityData {
  id?: string;
  questionPrefix?: string;
  courseId?: string;
}

/** `#cp-data.course`: where the module sits in its course package. */
interface CpCourseData {
  id: string;
  title: string;
  position: number;
  count: number;
}

/** `#cp-data`, as the player gives it to plug-ins and adapters. */
interface CpData {
  runtime: string;
  /** "coursepack <version>": the default context.platform of statements. */
  generator?: string;
  strings: CpStrings;
  module: CpModuleInfo;
  quiz: QuizData | null;
  lms?: CpLmsData;
  activity?: CpActivityData;
  course?: CpCourseData;
  /** The module's branching scenarios (coursepack-scenario's player data; typed in scenario.js). */
  scenarios?: unknown[];
}

/** A score as the player keeps it once normalised. */
interface CpScore {
  raw: number;
  min: number;
  max: number;
  scaled: number;
}

/** What `reportScore` takes: scaled defaults to raw/max, passed to scaled >= passMark. */
interface CpScoreInput {
  raw: number;
  max?: number;
  min?: number;
  scaled?: number;
  passed?: boolean | null;
}

/** The learner's progress as the adapters see it (player.js `summarize`). */
interface CpSummary {
  location: string;
  pageIndex: number;
  pageCount: number;
  pagesVisited: number;
  /** 0-1, two decimals. */
  progress: number;
  completed: boolean;
  passed: boolean | null;
  score: CpScore | null;
  sessionMs: number;
}

/** One answered question in one standard's terms (quiz.js `report`). */
interface CpInteractionReport {
  id: string;
  type: string;
  correctResponses: string[];
  /** Never empty: a question with nothing to report is not reported. */
  learnerResponse: string;
  description: string;
  /** xAPI, a scenario's records: the activity's path under the module's activity IRI. */
  activity?: string;
  /** xAPI, a scenario's records: the interaction's choices, with their texts. */
  choices?: { id: string; text: string }[];
  /** xAPI, a scenario's decision: the scenario, first in contextActivities.parent. */
  parent?: { activity: string; type?: string; name?: string };
  /** xAPI, a scenario's ending: the scenario's activity type and name, and completion. */
  activityType?: string;
  name?: string;
  completion?: boolean;
}

/** An answered question, as plug-ins report it (ADAPTERS.md). */
interface CpAnswerRecord {
  questionId: string;
  interaction: { scorm12: CpInteractionReport; scorm2004: CpInteractionReport; xapi: CpInteractionReport };
  /** null for unscored questions (and neutral scenario choices). */
  correct: boolean | null;
  /** Absent for a scenario's decisions and an unscored scenario's ending. */
  score?: number;
  maxScore?: number;
  weighting?: number;
  latencySeconds: number;
  /** ISO 8601, set by the player when missing. */
  timestamp?: string;
}

/** What an adapter's `start` gives the player. */
interface CpStartResult {
  state: string | null;
  entry: 'ab-initio' | 'resume';
  location?: string;
}

/** A text value kept in localStorage, with a memory fallback (player.js `createStore`). */
interface CpStore {
  key: string;
  persistent(): boolean;
  get(): string | null;
  set(text: string): boolean;
}

/** What the player gives an adapter's `start`. */
interface CpAdapterContext {
  data: CpData;
  strings: CpStrings;
  format: (str: string | null | undefined, vars?: Record<string, unknown>) => string;
  notify: (text: string | null | undefined) => void;
  local: CpStore;
}

type CpFinishReason = 'explicit' | 'pagehide' | 'unload';

/** The adapter interface (ADAPTERS.md); the web adapter in player.js is the reference. */
interface CpAdapter {
  name: string;
  maxStateLength?: number;
  saveInterval?: number;
  start(ctx: CpAdapterContext): CpStartResult | null | Promise<CpStartResult | null>;
  save(state: string, summary: CpSummary): boolean | Promise<boolean>;
  recordInteraction(record: CpAnswerRecord): void;
  page?(pageId: string, summary: CpSummary): void;
  finish(state: string, summary: CpSummary, reason: CpFinishReason): void;
  /** Pure functions of the adapter, exposed for tests. */
  lib?: Record<string, unknown>;
}

type CpEventName = 'ready' | 'page' | 'finish';

/** `window.coursepack`: defined by player.js before any plug-in runs. */
interface Coursepack {
  strings: CpStrings;
  format: (str: string | null | undefined, vars?: Record<string, unknown>) => string;
  data: CpData;
  state: {
    get(key: string): unknown;
    set(key: string, value: unknown): void;
  };
  /**
   * A widget's own state, under the state's `b` object, by the id of its
   * `[data-state-id]` element (ADAPTERS.md, "Widgets"): never longer than
   * the build declared for it, checked by the widget when read back.
   */
  widgetState: {
    get(id: string): unknown;
    set(id: string, value: unknown): void;
  };
  on(name: CpEventName, fn: (arg?: unknown) => void): void;
  reportAnswer(record: CpAnswerRecord): void;
  reportScore(score: CpScoreInput): void;
  finish(): void;
  limitBox(
    box: HTMLTextAreaElement | HTMLInputElement,
    max: number,
    limitEl: Element | null,
    countEl: Element | null,
  ): () => void;
  registerAdapter(adapter: CpAdapter): void;
  lib: CoursepackLib;
  /** scorm-core.js */
  scorm?: CpScorm;
  /** xapi-core.js */
  xapi?: CpXapi;
  /**
   * quiz.js, for scenario.js: a scenario that counts towards the assessment
   * reached the ending of this index (the first in an attempt is marked).
   */
  scenarioEnded?: (id: string, ending: number) => void;
  /** scenario.js, for quiz.js: start a scenario again (a new attempt of the quiz). */
  scenarioRestart?: (id: string) => void;
}

/** `coursepack.lib`: the player's pure functions, shared by the other scripts. */
interface CoursepackLib {
  format: Coursepack['format'];
  clone<T>(value: T): T;
  has(object: object, key: PropertyKey): boolean;
  cleanText(text: unknown, max: number, multiline?: boolean): string;
  /** PT1H2M3.45S: SCORM 2004 timeinterval and xAPI durations. */
  isoDuration(ms: unknown): string;
  parseData(text: string | null | undefined): CpData;
  parseState(text: unknown): Record<string, unknown>;
  [name: string]: unknown;
}

/* ---------- the quiz data (#cp-data.quiz, crates/coursepack-quiz/src/player.rs) ---------- */

interface QuizResponseFormat {
  kind: 'ids' | 'sequence' | 'pairs' | 'texts' | 'number' | 'text' | string;
  sep: string;
  pair_sep: string;
  ids?: string[];
  sources?: string[];
  targets?: string[];
  max_int_digits?: number;
}

/** One standard's interaction mapping of a question (standards.rs). */
interface QuizInteraction {
  id: string;
  type: string;
  patterns: string[];
  response: QuizResponseFormat;
  limit: number;
  description?: string;
}

interface QuizOption {
  text: string;
  html: string;
  correct: boolean;
  credit: number | null;
  feedback_html: string | null;
}

interface QuizNumericAnswer {
  min: number;
  max: number;
  display: string;
  credit: number;
  feedback_html: string | null;
}

interface QuizQuestion {
  type: 'single' | 'multiple' | 'truefalse' | 'fill' | 'dropdown' | 'numeric' | 'matching' | 'ordering' | 'likert' | 'reflection';
  id: string;
  index: number;
  page: string;
  assessed: boolean;
  points: number;
  shuffle: boolean;
  bank: string | null;
  hint_html: string | null;
  correct_html: string | null;
  incorrect_html: string | null;
  partial_html: string | null;
  explanation_html: string | null;
  answer_html: string;
  interactions: { scorm12: QuizInteraction; scorm2004: QuizInteraction; xapi: QuizInteraction };
  options?: QuizOption[];
  answer?: boolean;
  parts?: string[];
  blanks?: { accepted: string[]; partial?: { text: string; credit: number }[]; options: string[]; correct: number }[];
  case_sensitive?: boolean;
  answers?: QuizNumericAnswer[];
  pairs?: { left: string; left_html: string; target: number }[];
  targets?: string[];
  targets_html?: string[];
  items?: { text: string; html: string }[];
  scale?: { text: string; html: string }[];
}

interface QuizData {
  version: number;
  pass_mark: number | null;
  has_assessment: boolean;
  attempts: number | null;
  shuffle_questions: boolean;
  draw: Record<string, number>;
  feedback: 'immediate' | 'end';
  review: boolean;
  bands: { from: number; html: string }[];
  limits: { fill: number; numeric: number; reflection: number };
  questions: QuizQuestion[];
}

/* The globals the scripts define (on window, which is the global object). */
/** player.js */
declare var coursepack: Coursepack | undefined;
/** quiz.js's pure functions. */
declare var coursepackQuiz: unknown;
/** Pure functions of widgets/sorting.js, for its unit tests. */
declare var coursepackSorting: unknown;
/** course.js (the xAPI course page). */
declare var coursepackCourse: unknown;

/* ---------- the SCORM adapters (scorm-core.js, scorm12.js, scorm2004.js) ---------- */

/** An LMS's SCORM API object (API or API_1484_11): its methods by name. */
type ScormApi = Record<string, (...args: string[]) => unknown>;

/** One data-model element and the value to set. */
type ScormPair = [string, string];

/** The API's method names in one SCORM version. */
interface ScormMethodNames {
  init: string;
  finish: string;
  get: string;
  set: string;
  commit: string;
  error: string;
  errorString: string;
  diagnostic: string;
}

/** What one API call gave: whether it worked, its value and the error code. */
interface ScormCallResult {
  ok: boolean;
  value: string;
  code: string;
}

/** An API wrapped by `connect`: checked calls that never throw. */
interface ScormConnection {
  init(): ScormCallResult;
  finish(): ScormCallResult;
  commit(): ScormCallResult;
  set(element: string, value: unknown): ScormCallResult;
  get(element: string): ScormCallResult;
}

/** The LMS quirk settings (`profile`). */
interface ScormSettings {
  name: string;
  maxStateLength: number;
  saveInterval: number;
  navRequest: boolean;
  interactions: boolean;
}

/** What a SCORM version's script tells the shared core (`createAdapter`). */
interface ScormVersion {
  name: string;
  std: 'scorm12' | 'scorm2004';
  apiName: string;
  names: ScormMethodNames;
  /** The error code of an Initialize on an API already initialised (2004: 103), accepted. */
  alreadyInitialized?: string;
  elements: { entry: string; mode: string; suspend: string; location: string; learner: string; status: string; count: string; exit: string };
  locationLimit: number;
  /** Interaction ids must be unique (2004): the existing ones are read at start. */
  uniqueIds?: boolean;
  interactionId?(n: number): string;
  initialStatus(status: string): ScormPair[];
  report(summary: CpSummary): ScormPair[];
  interaction(record: CpAnswerRecord, interaction: CpInteractionReport, n: number, id: string): ScormPair[];
  close(summary: CpSummary, reason: CpFinishReason, conn: ScormConnection, settings: ScormSettings): ScormPair[];
}

/** `coursepack.scorm` (scorm-core.js). */
interface CpScorm {
  findApi(win: Window, name: string, methods: string[], maxHops?: number): ScormApi | null;
  connect(api: ScormApi, names: ScormMethodNames, log?: (text: string) => void): ScormConnection;
  transient(code: string | number): boolean;
  timespan12(ms: number): string;
  clock12(date?: Date): string;
  duration2004(ms: number): string;
  timestamp2004(value: unknown): string;
  decimal(value: unknown, places: number): string;
  /** raw (scaled x 100, 2 decimals), min 0 and max 100, as element values. */
  percentScore(score: { scaled: number } | null | undefined): { raw: string; min: string; max: string };
  profile(data: CpData | null | undefined, version: string): ScormSettings;
  profiles: Record<string, Partial<Omit<ScormSettings, 'name'>>>;
  createAdapter(version: ScormVersion): CpAdapter;
  maxHops: number;
}

/* ---------- the xAPI adapters (xapi-core.js, xapi.js, cmi5.js) ---------- */

/** An xAPI 1.0.3 Agent with exactly one identifier. */
interface XapiAgent {
  objectType: 'Agent';
  name?: string;
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: { homePage: string; name: string };
}

/** A language map: { "en-GB": "text" }. */
type XapiLangMap = Record<string, string>;

interface XapiActivity {
  objectType: 'Activity';
  id: string;
  definition?: XapiDefinition;
}

/** An activity definition (only the fields coursepack writes). */
interface XapiDefinition {
  type?: string;
  name?: XapiLangMap;
  description?: XapiLangMap;
  interactionType?: string;
  correctResponsesPattern?: string[];
  choices?: XapiComponent[];
  scale?: XapiComponent[];
  source?: XapiComponent[];
  target?: XapiComponent[];
  extensions?: Record<string, unknown>;
}

/** One item of a cmi.interaction's choices, scale, source or target. */
interface XapiComponent {
  id: string;
  description?: XapiLangMap;
}

interface XapiContext {
  registration?: string;
  revision?: string;
  platform?: string;
  language?: string;
  contextActivities?: Record<string, XapiActivity[]>;
  extensions?: Record<string, unknown>;
  [key: string]: unknown;
}

interface XapiScore {
  scaled: number;
  raw?: number;
  min?: number;
  max?: number;
}

interface XapiResult {
  response?: string;
  success?: boolean;
  completion?: boolean;
  score?: XapiScore;
  duration?: string;
  extensions?: Record<string, unknown>;
}

interface XapiStatement {
  id: string;
  actor: XapiAgent;
  verb: { id: string; display: XapiLangMap };
  object: XapiActivity;
  context: XapiContext;
  timestamp: string;
  result?: XapiResult;
}

/** An LRS answer: any HTTP status and its body. */
interface XapiResponse {
  status: number;
  text: string;
}

/** true: the LRS confirmed; 'sent': only the browser took it (a beacon); false: it failed. */
type XapiLastResult = boolean | 'sent';

/** What an xAPI request may send as a JSON body. */
type XapiBody = unknown;

/** The LRS client (`createClient`). */
interface XapiClient {
  sameOrigin: boolean;
  lastRequest(method: string, path: string, params: Record<string, string> | null, body: XapiBody): Promise<XapiLastResult>;
  postStatements(list: XapiStatement[]): Promise<XapiResponse>;
  /** GET statements?statementId=: 200 when the LRS holds it, 404 when not. */
  getStatement(id: string): Promise<XapiResponse>;
  getState(activityId: string, agent: XapiAgent, registration: string, stateId: string): Promise<XapiResponse>;
  putState(activityId: string, agent: XapiAgent, registration: string, stateId: string, doc: unknown, last?: boolean): Promise<XapiLastResult>;
  getAgentProfile(agent: XapiAgent, profileId: string): Promise<XapiResponse>;
}

/** What the client, the queue and the tracker need of the page (the window, or a test's fake). */
type XapiEnv = Window & typeof globalThis;

/** A request whose answer the page never saw: its statement ids and when it left (ms). */
interface XapiUnanswered {
  ids: string[];
  at: number;
}

/** Where a queue keeps its statements (and its unanswered requests) across pages. */
interface XapiQueueStore {
  load(): unknown;
  save(list: XapiStatement[]): void;
  loadUnanswered?(): unknown;
  saveUnanswered?(list: XapiUnanswered[]): void;
}

/** The statement queue (`createQueue`). */
interface XapiQueue {
  push(statement: XapiStatement): void;
  flush(): Promise<boolean>;
  /** No normal request starts any more (the page is going away). */
  stop(): void;
  sendLast(): Promise<XapiLastResult>;
  retryNow(): void;
  pending(): XapiStatement[];
  refused(): number;
}

/** A JSON value kept in a Storage (`storedValue`). */
interface XapiStoredValue {
  load(): any;
  save(value: unknown): boolean;
}

/** A State API document of the learner's state (`coursepack-state` or `coursepack-state-last`). */
interface XapiStateDoc {
  version: 1;
  /** One above the newest state read or written before it: of the two documents, readers take the higher. */
  seq: number;
  bookmark: string;
  state: Record<string, unknown>;
  reported: XapiReported;
  updated: string;
}

/** What was already reported, so a resumed session never reports it again. */
interface XapiReported {
  completed?: boolean;
  passed?: boolean;
  failed?: boolean;
  score?: string;
  [key: string]: unknown;
}

/** A quiz result worth a passed/failed statement. */
interface XapiVerdict {
  passed: boolean;
  score: CpScore | null;
  key: string;
  extensions?: Record<string, unknown> | null;
}

/** How a runtime (xapi or cmi5) tracks. */
interface XapiPolicy {
  /** Send answered, experienced, completed, passed and failed. */
  tracking: boolean;
  integerRaw: boolean;
  progressed: boolean;
  verdict(summary: CpSummary, reported: XapiReported): XapiVerdict | null;
  onDefined?(verbName: string): void;
}

type XapiContextKind = 'module' | 'progress' | 'item';

/** `createTracker`'s settings. */
interface XapiTrackerConfig {
  client: XapiClient;
  actor: XapiAgent;
  registration: string;
  activityId: string;
  stateActivityId: string;
  lang: string;
  data: CpData;
  local: XapiStoredValue;
  warn: (text: string) => void;
  objectDefinition?: XapiDefinition;
  questionPrefix: string;
  pagePrefix: string;
  context(kind: XapiContextKind, verbName?: string): XapiContext;
  policy: XapiPolicy;
  sessionStart: number;
  env?: XapiEnv;
}

/** The tracker: player events to statements (`createTracker`). */
interface XapiTracker {
  queue: XapiQueue;
  reported(): XapiReported;
  resume(options?: { readOnly?: boolean }): Promise<CpStartResult>;
  defined(verbName: string, result: XapiResult | null): XapiStatement;
  duration(): string;
  milestones(summary: CpSummary): void;
  page(pageId: string, summary: CpSummary): void;
  answer(record: CpAnswerRecord): void;
  save(stateText: string, summary: CpSummary, readOnly: boolean, last?: boolean): Promise<boolean>;
  end(stateText: string, summary: CpSummary, reason: CpFinishReason, readOnly: boolean): Promise<XapiLastResult>;
}

/** A TinCan launch, checked (`readTinCanLaunch`); '' for optional parameters not given. */
interface XapiTinCanLaunch {
  endpoint: string;
  auth: string;
  actor: XapiAgent;
  registration: string;
  activityId: string;
  grouping: string;
  platform: string;
  problems?: undefined;
}

/** The launch both runtimes have once it is checked. */
interface XapiLaunchBasics {
  actor: XapiAgent;
  registration: string;
  activityId: string;
}

/** What xapi.js and cmi5.js tell `createAdapter`. */
interface XapiAdapterSpec {
  name: string;
  start(ctx: CpAdapterContext, use: (tracker: XapiTracker | null, readOnly?: boolean) => void): CpStartResult | null | Promise<CpStartResult | null>;
  afterFinish?(ending: Promise<XapiLastResult>, reason: CpFinishReason): void;
}

/** `coursepack.xapi` (xapi-core.js). */
interface CpXapi {
  ACTIVITIES: string;
  STATE_ID: string;
  readSavedState(client: XapiClient, activityId: string, agent: XapiAgent, registration: string): Promise<XapiStateDoc | null>;
  parseQuery(search: string | null | undefined): Record<string, string>;
  /** Set by tincan-launch.js (the xAPI target and course packages; cmi5 packages do without). */
  readTinCanLaunch?(search: string, baseHref: string): XapiTinCanLaunch | { problems: string[] };
  isIri(s: unknown): s is string;
  isUuid(s: unknown): s is string;
  normaliseAgent(value: unknown): XapiAgent | null;
  agentKey(agent: XapiAgent): string;
  uuid(): string;
  isoDuration(ms: number): string;
  langMap(lang: string, text: unknown): XapiLangMap;
  xapiScore(score: Partial<CpScore> | null | undefined, integerRaw?: boolean): XapiScore | null;
  interactionDefinition(record: CpAnswerRecord, question: QuizQuestion | null, lang: string): XapiDefinition;
  answerResult(record: CpAnswerRecord, integerRaw?: boolean): XapiResult;
  mergeObjects<A extends object, B extends object>(a: A | null | undefined, b: B | null | undefined): A & B;
  createClient(opts: { endpoint: string; auth?: string; env?: XapiEnv }): XapiClient;
  retry<T>(fn: () => Promise<T>, tries: number, gap: number, env?: XapiEnv): Promise<T>;
  createQueue(opts: { client: XapiClient; store: XapiQueueStore; env?: XapiEnv; warn?: (text: string) => void; now?: () => number }): XapiQueue;
  storedValue(getStorage: () => Storage, key: string): XapiStoredValue;
  createTracker(cfg: XapiTrackerConfig): XapiTracker;
  createAdapter(spec: XapiAdapterSpec): CpAdapter;
  questionPrefix(activity: CpActivityData | null | undefined, base: string): string;
  trackerBasics(launch: XapiLaunchBasics, client: XapiClient, data: CpData, local: XapiStoredValue): Pick<XapiTrackerConfig, 'client' | 'actor' | 'registration' | 'activityId' | 'stateActivityId' | 'lang' | 'data' | 'local' | 'warn'>;
  warn(text: string): void;
}

/* ---------- the xAPI course page (course.js) ---------- */

/** One module on the course page (`#cp-course-data.modules`). */
interface CourseModuleInfo {
  id: string;
  title: string;
  activityId: string;
  /** Its completion needs a passed assessment (it has a pass mark). */
  assessed: boolean;
}

/** `#cp-course-data`, written by the render crate's course.rs. */
interface CourseData {
  course: { id: string; version: string; title: string; language: string; activityId: string };
  modules: CourseModuleInfo[];
  strings: CpStrings;
  generator?: string;
}

/** What a module reported, as the course page reads it. */
interface CourseModuleState {
  completed: boolean;
  passed: boolean;
}

/* ---------- the quiz widgets (quiz.js) ---------- */

/** A learner's answer as quiz.js keeps it: an option index, indices (null: a blank left empty), typed text(s). */
type QuizResponse = number | string | Array<number | null> | string[];

/** One marked answer. */
interface QuizOutcome {
  score: number;
  max: number;
  status: 'correct' | 'partial' | 'incorrect' | 'unscored';
}

/** An assessment's result. */
interface QuizTotal {
  raw: number;
  max: number;
  scaled: number;
  percent: number;
  passed: boolean | null;
}

/** The quiz part of the learner state (state.rs): answers, attempt, drawn questions, finished, score. */
interface QuizState {
  /** Per question: 0, or [checks, the last answer]. */
  a: Array<0 | [number, QuizResponse]>;
  t: number;
  d: number[] | 0;
  f: 0 | 1;
  s: number;
  /** Per scenario that counts: the index of the first ending reached in the attempt, or -1. */
  x?: number[];
}
