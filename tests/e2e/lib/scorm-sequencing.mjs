// What an LMS does with a SCORM 2004 manifest's sequencing: read the default
// organisation into scorm-again's `sequencing.activityTree` settings, with the
// launch URL of each SCO. The function runs in the browser (it uses
// DOMParser), inside the test LMS page: `lmsPage` embeds its source.
//
// It reads what the IMS Simple Sequencing and ADL CAM books define and
// coursepack writes: controlMode, sequencingRules (pre/exit/post), rollupRules
// (with their attributes), objectives (primary and others, with mapInfo, and
// the adlseq:objectives extension for completion and progress maps),
// deliveryControls, adlcp:completionThreshold. Anything else in a manifest is
// ignored, so an unexpected element never passes silently as "tested": the
// course test asserts on the behaviour that results.

/**
 * @param {string} xml  imsmanifest.xml
 * @returns {{ tree: any, launch: Record<string, string>, title: string }}
 *   tree: scorm-again ActivitySettings for the organisation; launch: item id ->
 *   launch path (relative to the package root)
 */
export function sequencingFromManifest(xml) {
  const NS = {
    cp: 'http://www.imsglobal.org/xsd/imscp_v1p1',
    ss: 'http://www.imsglobal.org/xsd/imsss',
    adlseq: 'http://www.adlnet.org/xsd/adlseq_v1p3',
    adlcp: 'http://www.adlnet.org/xsd/adlcp_v1p3',
  };
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) throw new Error('imsmanifest.xml is not well-formed');
  const kids = (el, ns, name) => [...el.children].filter((c) => c.namespaceURI === ns && c.localName === name);
  const kid = (el, ns, name) => kids(el, ns, name)[0] ?? null;
  const bool = (el, name, fallback) => (el && el.hasAttribute(name) ? el.getAttribute(name) === 'true' : fallback);
  const num = (el, name, fallback) => (el && el.hasAttribute(name) ? Number(el.getAttribute(name)) : fallback);
  const text = (el) => (el ? el.textContent.trim() : '');

  const resources = new Map();
  for (const r of doc.getElementsByTagNameNS(NS.cp, 'resource')) {
    resources.set(r.getAttribute('identifier'), (r.getAttribute('xml:base') ?? '') + (r.getAttribute('href') ?? ''));
  }
  const orgs = kid(doc.documentElement, NS.cp, 'organizations');
  const defaultId = orgs.getAttribute('default');
  const org = kids(orgs, NS.cp, 'organization').find((o) => o.getAttribute('identifier') === defaultId);
  const launch = {};

  function conditions(ruleConditions, withObjective) {
    return kids(ruleConditions, NS.ss, withObjective ? 'ruleCondition' : 'rollupCondition').map((c) => {
      const out = { condition: c.getAttribute('condition') };
      if (c.getAttribute('operator') === 'not') out.operator = 'not';
      if (withObjective && c.hasAttribute('referencedObjective')) out.referencedObjective = c.getAttribute('referencedObjective');
      if (c.hasAttribute('measureThreshold')) out.parameters = { threshold: Number(c.getAttribute('measureThreshold')) };
      return out;
    });
  }

  function sequencingRules(seq) {
    const rules = kid(seq, NS.ss, 'sequencingRules');
    if (!rules) return undefined;
    const read = (name) => kids(rules, NS.ss, name).map((r) => {
      const rc = kid(r, NS.ss, 'ruleConditions');
      return {
        action: kid(r, NS.ss, 'ruleAction').getAttribute('action'),
        conditionCombination: rc.getAttribute('conditionCombination') ?? 'all',
        conditions: conditions(rc, true),
      };
    });
    return { preConditionRules: read('preConditionRule'), exitConditionRules: read('exitConditionRule'), postConditionRules: read('postConditionRule') };
  }

  function rollupRules(seq) {
    const rr = kid(seq, NS.ss, 'rollupRules');
    if (!rr) return undefined;
    return {
      rules: kids(rr, NS.ss, 'rollupRule').map((r) => {
        const rc = kid(r, NS.ss, 'rollupConditions');
        const rule = {
          action: kid(r, NS.ss, 'rollupAction').getAttribute('action'),
          consideration: r.getAttribute('childActivitySet') ?? 'all',
          conditionCombination: rc.getAttribute('conditionCombination') ?? 'any',
          conditions: conditions(rc, false),
        };
        if (r.hasAttribute('minimumCount')) rule.minimumCount = Number(r.getAttribute('minimumCount'));
        if (r.hasAttribute('minimumPercent')) rule.minimumPercent = Number(r.getAttribute('minimumPercent'));
        return rule;
      }),
    };
  }

  function mapInfo(m) {
    const out = { targetObjectiveID: m.getAttribute('targetObjectiveID') };
    for (const a of m.attributes) if (a.name !== 'targetObjectiveID') out[a.name] = a.value === 'true';
    return out;
  }

  function objectives(seq) {
    const obj = kid(seq, NS.ss, 'objectives');
    if (!obj) return {};
    const read = (o, isPrimary) => {
      const out = { objectiveID: o.getAttribute('objectiveID') ?? '', isPrimary };
      out.satisfiedByMeasure = bool(o, 'satisfiedByMeasure', false);
      const min = kid(o, NS.ss, 'minNormalizedMeasure');
      if (min) out.minNormalizedMeasure = Number(text(min));
      out.mapInfo = kids(o, NS.ss, 'mapInfo').map(mapInfo);
      return out;
    };
    const primaryEl = kid(obj, NS.ss, 'primaryObjective');
    const primary = primaryEl ? read(primaryEl, true) : undefined;
    const others = kids(obj, NS.ss, 'objective').map((o) => read(o, false));
    // adlseq:objectives add completion/progress/score maps to the same objectives
    const ext = kid(seq, NS.adlseq, 'objectives');
    if (ext) {
      for (const o of kids(ext, NS.adlseq, 'objective')) {
        const target = [primary, ...others].find((x) => x && x.objectiveID === o.getAttribute('objectiveID'));
        if (!target) continue;
        for (const m of kids(o, NS.adlseq, 'mapInfo')) {
          const add = mapInfo(m);
          const same = target.mapInfo.find((x) => x.targetObjectiveID === add.targetObjectiveID);
          if (same) Object.assign(same, add);
          else target.mapInfo.push(add);
        }
      }
    }
    return { primaryObjective: primary, objectives: others };
  }

  function activity(el) {
    const out = { id: el.getAttribute('identifier'), title: text(kid(el, NS.cp, 'title')) };
    if (el.hasAttribute('identifierref')) launch[out.id] = resources.get(el.getAttribute('identifierref'));
    const seq = kid(el, NS.ss, 'sequencing');
    if (seq) {
      const cm = kid(seq, NS.ss, 'controlMode');
      const rr = kid(seq, NS.ss, 'rollupRules');
      out.sequencingControls = {
        choice: bool(cm, 'choice', true),
        choiceExit: bool(cm, 'choiceExit', true),
        flow: bool(cm, 'flow', false),
        forwardOnly: bool(cm, 'forwardOnly', false),
        useCurrentAttemptObjectiveInfo: bool(cm, 'useCurrentAttemptObjectiveInfo', true),
        useCurrentAttemptProgressInfo: bool(cm, 'useCurrentAttemptProgressInfo', true),
        rollupObjectiveSatisfied: bool(rr, 'rollupObjectiveSatisfied', true),
        rollupProgressCompletion: bool(rr, 'rollupProgressCompletion', true),
        objectiveMeasureWeight: num(rr, 'objectiveMeasureWeight', 1),
      };
      const rules = sequencingRules(seq);
      if (rules) out.sequencingRules = rules;
      const rollup = rollupRules(seq);
      if (rollup) out.rollupRules = rollup;
      const { primaryObjective, objectives: others } = objectives(seq);
      if (primaryObjective) out.primaryObjective = primaryObjective;
      if (others && others.length) out.objectives = others;
      const dc = kid(seq, NS.ss, 'deliveryControls');
      if (dc) {
        out.deliveryControls = {
          tracked: bool(dc, 'tracked', true),
          completionSetByContent: bool(dc, 'completionSetByContent', false),
          objectiveSetByContent: bool(dc, 'objectiveSetByContent', false),
        };
      }
    }
    const ct = kid(el, NS.adlcp, 'completionThreshold');
    if (ct) {
      out.completionThreshold = {
        completedByMeasure: bool(ct, 'completedByMeasure', false),
        minProgressMeasure: num(ct, 'minProgressMeasure', 1),
        progressWeight: num(ct, 'progressWeight', 1),
      };
    }
    const children = kids(el, NS.cp, 'item').map(activity);
    if (children.length) out.children = children;
    return out;
  }

  return { tree: activity(org), launch, title: text(kid(org, NS.cp, 'title')) };
}
