/* coursepack scorm2004 adapter: implements the adapter interface in ADAPTERS.md.
 * Registered with coursepack.registerAdapter; until it is written the player
 * falls back to the web adapter and tells the learner no LMS was found. */
