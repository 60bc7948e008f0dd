/**
 * `<set-variable name value />`: stores a value in `context.Variables` for later policies
 * (choose conditions, set-header values). A constant is stored as a string, as APIM stores a
 * literal; an expression's value keeps its type (string, int, bool or null), so
 * `GetValueOrDefault<bool>("isMobile")` reads back what `@(… .Contains("iPad"))` stored.
 */
import { CONTINUE, definePolicy, type Dynamic } from "./policy";

interface SetVariableConfig {
  name: string;
  value: Dynamic<unknown>;
}

export const setVariable = definePolicy<SetVariableConfig>({
  name: "set-variable",
  sections: ["inbound", "backend", "outbound", "on-error"],
  parse(element, reader) {
    // 'value' is compiled here, not by reader.attributes, whose dynamic strings turn every value into text.
    const { name } = reader.attributes({ ...element, attributes: element.attributes.filter((a) => a.name === "name") }, { name: { type: "string", required: true } });
    for (const attribute of element.attributes)
      if (attribute.name !== "name" && attribute.name !== "value") reader.error(attribute, `<set-variable> has no attribute '${attribute.name}' (known: name, value)`);
    const valueAttribute = element.attributes.find((a) => a.name === "value");
    if (valueAttribute === undefined) reader.error(element, "<set-variable> needs the attribute 'value'");
    for (const child of element.children)
      if (child.kind === "element" || child.value.trim() !== "") reader.error(child, "<set-variable> takes no content: write <set-variable name=\"…\" value=\"…\" />");
    if (name !== undefined && name.trim() === "") {
      reader.error(element.attributes.find((a) => a.name === "name")!, "'name' of <set-variable> cannot be empty");
      return null;
    }
    if (name === undefined || valueAttribute === undefined) return null;
    return { name, value: reader.dynamic(valueAttribute.value, valueAttribute) };
  },
  apply(config, ctx) {
    ctx.variables.set(config.name, config.value(ctx));
    return CONTINUE;
  },
});
