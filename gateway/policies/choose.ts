/**
 * `<choose>` with `<when condition="…">` branches and an optional last `<otherwise>`: runs the
 * policies of the first branch whose condition is true (APIM's if / else-if / else). Nested
 * policies are compiled as the section's own, so the same rules and messages apply to them.
 */
import { runSteps } from "./pipeline";
import { CONTINUE, definePolicy, type Dynamic, type Step } from "./policy";

interface Branch {
  condition: Dynamic<boolean>;
  steps: Step[];
}

interface ChooseConfig {
  branches: Branch[];
  otherwise: Step[] | null;
}

export const choose = definePolicy<ChooseConfig>({
  name: "choose",
  sections: ["inbound", "backend", "outbound", "on-error"],
  parse(element, reader) {
    reader.noAttributes(element);
    const branches: Branch[] = [];
    let otherwise: Step[] | null = null;
    let ok = true;
    for (const child of reader.children(element)) {
      if (child.name === "when") {
        if (otherwise !== null) {
          reader.error(child, "<when> cannot follow <otherwise>: <otherwise> is the last branch of <choose>");
          ok = false;
        }
        const { condition } = reader.attributes(child, { condition: { type: "boolean", required: true, dynamic: true } });
        const steps = reader.policies(reader.children(child), "inbound");
        if (condition === undefined) ok = false;
        else branches.push({ condition, steps });
      } else if (child.name === "otherwise") {
        reader.noAttributes(child);
        if (otherwise !== null) {
          reader.error(child, "<choose> has more than one <otherwise>");
          ok = false;
        }
        otherwise = reader.policies(reader.children(child), "inbound");
      } else {
        reader.error(child, `<choose> contains <when> and <otherwise> elements, not <${child.name}>`);
        ok = false;
      }
    }
    if (branches.length === 0 && ok) {
      reader.error(element, "<choose> needs at least one <when condition=\"…\">");
      ok = false;
    }
    return ok ? { branches, otherwise } : null;
  },
  apply(config, ctx) {
    for (const branch of config.branches) if (branch.condition(ctx)) return runSteps(branch.steps, ctx);
    return config.otherwise ? runSteps(config.otherwise, ctx) : CONTINUE;
  },
});
