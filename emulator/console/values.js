// DynamoDB AttributeValues as the console shows and edits them. Numbers stay the strings DynamoDB
// JSON carries ({"N": "..."}): they are never turned into JavaScript numbers, so every digit is kept.
"use strict";

const AV_TYPES = ["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M"];
const AV_TYPE_LABELS = [["S", "String"], ["N", "Number"], ["B", "Binary"], ["BOOL", "Boolean"], ["NULL", "Null"],
  ["SS", "String set"], ["NS", "Number set"], ["BS", "Binary set"], ["L", "List"], ["M", "Map"]];
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function avType(av) { return Object.keys(av)[0]; }

// Compact text for a table cell. N is the string as stored; nested values use the same notation.
function avText(av) {
  const type = avType(av);
  const v = av[type];
  switch (type) {
    case "S": return v;
    case "N": return v;
    case "B": return `b64:${v}`;
    case "BOOL": return v ? "true" : "false";
    case "NULL": return "null";
    case "SS": return `{${v.map((s) => JSON.stringify(s)).join(", ")}}`;
    case "NS": return `{${v.join(", ")}}`;
    case "BS": return `{${v.map((b) => `b64:${b}`).join(", ")}}`;
    case "L": return `[${v.map(nestedText).join(", ")}]`;
    case "M": return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${nestedText(x)}`).join(", ")}}`;
    default: return JSON.stringify(av);
  }
}

function nestedText(av) { return avType(av) === "S" ? JSON.stringify(av.S) : avText(av); }

// Checks one AttributeValue as DynamoDB JSON; throws an Error naming `path`.
function checkAv(av, path) {
  if (!av || typeof av !== "object" || Array.isArray(av)) throw new Error(`${path}: expected an object such as {"S": "text"}`);
  const keys = Object.keys(av);
  if (keys.length !== 1 || !AV_TYPES.includes(keys[0]))
    throw new Error(`${path}: expected exactly one of ${AV_TYPES.join(", ")}`);
  const type = keys[0], v = av[type];
  const isStringList = (x) => Array.isArray(x) && x.every((s) => typeof s === "string");
  switch (type) {
    case "S": if (typeof v !== "string") throw new Error(`${path}: S takes a string`); break;
    case "N":
      if (typeof v !== "string") throw new Error(`${path}: N values are strings in DynamoDB JSON, e.g. {"N": "36"}`);
      if (!NUMBER_PATTERN.test(v.trim())) throw new Error(`${path}: ${JSON.stringify(v)} is not a number`);
      break;
    case "B": if (typeof v !== "string" || !BASE64_PATTERN.test(v)) throw new Error(`${path}: B takes base64 text`); break;
    case "BOOL": if (typeof v !== "boolean") throw new Error(`${path}: BOOL takes true or false`); break;
    case "NULL": if (v !== true) throw new Error(`${path}: NULL takes true`); break;
    case "SS": if (!isStringList(v)) throw new Error(`${path}: SS takes a list of strings`); break;
    case "NS":
      if (!isStringList(v)) throw new Error(`${path}: NS takes a list of number strings, e.g. ["1", "2"]`);
      v.forEach((n) => { if (!NUMBER_PATTERN.test(n.trim())) throw new Error(`${path}: ${JSON.stringify(n)} is not a number`); });
      break;
    case "BS":
      if (!isStringList(v) || !v.every((b) => BASE64_PATTERN.test(b))) throw new Error(`${path}: BS takes a list of base64 strings`);
      break;
    case "L":
      if (!Array.isArray(v)) throw new Error(`${path}: L takes a list of values`);
      v.forEach((x, i) => checkAv(x, `${path}[${i}]`));
      break;
    case "M":
      if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error(`${path}: M takes an object of values`);
      Object.entries(v).forEach(([k, x]) => checkAv(x, `${path}.${k}`));
      break;
  }
}

// An item from DynamoDB JSON text; throws an Error saying what is wrong.
function parseItemJson(text) {
  let item;
  try { item = JSON.parse(text); } catch (e) { throw new Error(`The item is not valid JSON: ${e.message}`); }
  if (!item || typeof item !== "object" || Array.isArray(item)) throw new Error("The item must be a JSON object of attributes");
  Object.entries(item).forEach(([name, av]) => checkAv(av, name));
  return item;
}

// The text a form field holds for a value of `type`, and back. Sets are one member per line;
// lists and maps are their DynamoDB JSON.
function avToFieldText(av) {
  const type = avType(av), v = av[type];
  switch (type) {
    case "S": case "N": case "B": return v;
    case "BOOL": return v ? "true" : "false";
    case "NULL": return "";
    case "SS": case "NS": case "BS": return v.join("\n");
    default: return JSON.stringify(v, null, 2);
  }
}

function fieldTextToAv(type, text, name) {
  let av;
  switch (type) {
    case "S": av = { S: text }; break;
    case "N": av = { N: text.trim() }; break;
    case "B": av = { B: text.trim() }; break;
    case "BOOL": av = { BOOL: text === "true" }; break;
    case "NULL": av = { NULL: true }; break;
    case "SS": case "NS": case "BS": {
      const members = text.split("\n").map((s) => (type === "SS" ? s : s.trim())).filter((s) => s !== "");
      if (members.length === 0) throw new Error(`${name}: a set needs at least one member (one per line)`);
      if (new Set(members).size !== members.length) throw new Error(`${name}: a set cannot hold the same member twice`);
      av = { [type]: members };
      break;
    }
    default: {
      let v;
      try { v = JSON.parse(text || (type === "L" ? "[]" : "{}")); } catch (e) {
        throw new Error(`${name}: not valid DynamoDB JSON: ${e.message}`);
      }
      av = { [type]: v };
    }
  }
  checkAv(av, name);
  return av;
}

// Expression placeholders: names and values go in ExpressionAttributeNames/Values, never into the
// expression text itself, so any attribute name works.
class Placeholders {
  constructor() { this.names = {}; this.values = {}; this.n = 0; this.v = 0; }
  name(attribute) {
    for (const [k, a] of Object.entries(this.names)) if (a === attribute) return k;
    const key = `#n${this.n++}`;
    this.names[key] = attribute;
    return key;
  }
  value(av) { const key = `:v${this.v++}`; this.values[key] = av; return key; }
  applyTo(request) {
    if (Object.keys(this.names).length) request.ExpressionAttributeNames = this.names;
    if (Object.keys(this.values).length) request.ExpressionAttributeValues = this.values;
    return request;
  }
}

// "The item is still as it was read": every attribute read equals what was read.
function unchangedCondition(item, ph) {
  return Object.entries(item).map(([name, av]) =>
    avType(av) === "NULL" ? `attribute_type(${ph.name(name)}, ${ph.value({ S: "NULL" })})`
                          : `${ph.name(name)} = ${ph.value(av)}`).join(" AND ");
}

function keyOf(item, keySchema) {
  const key = {};
  for (const k of keySchema) key[k.AttributeName] = item[k.AttributeName];
  return key;
}
