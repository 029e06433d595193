//! Offline validator for SCORM 1.2, SCORM 2004, xAPI (TinCan) and cmi5 packages.
