// Checks the flow as a graph: targets exist, every node is reachable, and every node can reach an outcome.
import { type Flow, HUMAN } from './flow.ts';

/** A graph problem, with the YAML path it concerns so the loader can name the line. */
export interface FlowProblem {
  path: (string | number)[];
  message: string;
}

/** Returns every graph problem of a flow (empty when it is sound). */
export function checkFlow(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const isNode = (t: string) => t in flow.nodes;
  const isOutcome = (t: string) => t in flow.outcomes;
  const exists = (t: string) => isNode(t) || isOutcome(t) || t === HUMAN;

  if (!isNode(flow.start))
    problems.push({ path: ['start'], message: `start node "${flow.start}" does not exist` });
  for (const [name, node] of Object.entries(flow.nodes)) {
    if (isOutcome(name))
      problems.push({ path: ['nodes', name], message: `"${name}" is both a node and an outcome` });
    const seen = new Set<string>();
    node.choices.forEach((choice, i) => {
      if (seen.has(choice.id))
        problems.push({
          path: ['nodes', name, 'choices', i, 'id'],
          message: `duplicate choice "${choice.id}"`,
        });
      seen.add(choice.id);
      if (!exists(choice.next)) {
        problems.push({
          path: ['nodes', name, 'choices', i, 'next'],
          message: `"${choice.next}" is not a node or outcome`,
        });
      }
      if (choice.set && !(choice.set in flow.vpnTypes)) {
        problems.push({
          path: ['nodes', name, 'choices', i, 'set'],
          message: `"${choice.set}" is not a vpnTypes key`,
        });
      }
    });
  }
  for (const [name, outcome] of Object.entries(flow.outcomes)) {
    if (!exists(outcome.ifNotFixed)) {
      problems.push({
        path: ['outcomes', name, 'ifNotFixed'],
        message: `"${outcome.ifNotFixed}" is not a node or outcome`,
      });
    }
  }
  if (problems.length) return problems;

  const edges = (t: string): string[] =>
    isNode(t)
      ? (flow.nodes[t]?.choices.map((c) => c.next) ?? [])
      : isOutcome(t)
        ? [flow.outcomes[t]?.ifNotFixed ?? HUMAN]
        : [];
  const reachable = new Set<string>();
  const queue = [flow.start];
  // Outcomes with a topic can also be reached by what the user types, so they count as entry points.
  for (const [name, o] of Object.entries(flow.outcomes)) if (o.topic) queue.push(name);
  while (queue.length) {
    const t = queue.pop() as string;
    if (reachable.has(t)) continue;
    reachable.add(t);
    queue.push(...edges(t));
  }
  for (const name of Object.keys(flow.nodes)) {
    if (!reachable.has(name))
      problems.push({ path: ['nodes', name], message: `node "${name}" can never be reached` });
  }
  for (const name of Object.keys(flow.outcomes)) {
    if (!reachable.has(name))
      problems.push({ path: ['outcomes', name], message: `outcome "${name}" can never be reached` });
  }

  const ends = new Set<string>(Object.keys(flow.outcomes));
  let grew = true;
  while (grew) {
    grew = false;
    for (const name of Object.keys(flow.nodes)) {
      if (!ends.has(name) && edges(name).some((t) => ends.has(t))) {
        ends.add(name);
        grew = true;
      }
    }
  }
  for (const name of Object.keys(flow.nodes)) {
    if (!ends.has(name))
      problems.push({
        path: ['nodes', name],
        message: `no path from "${name}" ends in an outcome (a loop without an exit)`,
      });
  }
  return problems;
}
