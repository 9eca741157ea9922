// Glific's action types, for flows exported from Glific (a RapidPro-derived platform): validate
// checks them against the schemas below, and run and test simulate them.
//
// The fields are those Glific's flow editor writes (see Glific's flow documentation):
//   send_interactive_msg  an interactive message (quick replies or a list) from a template kept in
//                         Glific, by id; params fill its placeholders
//   set_contact_profile   create a profile for the contact or switch between its profiles
//   wait_for_result       wait (delay, in seconds, as text) for a webhook's result to arrive
//
// Glific keeps interactive templates in its database; a simulation gets them from here.
const interactiveTemplates = {
  1: {label: "Language", type: "quick_reply",
      content: {type: "text", text: "Which language do you prefer?"},
      options: [{type: "text", title: "English"}, {type: "text", title: "हिंदी"}]},
  2: {label: "Topics", type: "list",
      body: "Hi {{1}}, what would you like to learn about?",
      items: [{title: "Health", options: [{title: "Nutrition"}, {title: "Vaccines"}]}]},
};

const template = {type: "string", minLength: 1};

flowctl.registerAction("send_interactive_msg", {
  flowTypes: ["messaging"],
  templates: ["params", "expression", "attachment_url"],
  schema: {
    type: "object",
    required: ["id", "name"],
    properties: {
      id: {type: "integer", minimum: 1, description: "the interactive template's id in Glific"},
      name: {type: "string", minLength: 1, description: "the template's label"},
      labels: {type: "array", items: {type: "object", properties: {uuid: {type: "string"}, name: {type: "string"}}}},
      params: {type: "array", items: {type: "string"}},
      paramsCount: {type: "string", pattern: "^[0-9]+$"},
      attachment_type: {enum: ["", "image", "video", "document", "audio"]},
      attachment_url: {type: "string"},
      expression: {type: ["string", "null"], description: "a template giving the template's id at run time"},
    },
    additionalProperties: false,
  },
  execute(action, ctx) {
    const id = action.expression ? Number(ctx.evaluate(action.expression)) : action.id;
    const tpl = interactiveTemplates[id];
    if (!tpl) {
      ctx.error(`interactive template ${id} (${action.name}) is not among the simulated ones: add it to glific.js`);
      return;
    }
    // {{1}}, {{2}}, ... take the params, evaluated as templates
    const params = (action.params || []).map((p) => ctx.evaluate(p));
    const fill = (text) => text.replace(/\{\{(\d+)\}\}/g, (m, n) => params[Number(n) - 1] ?? m);
    if (tpl.type === "quick_reply") {
      return {type: "msg_created", msg: {
        text: fill(tpl.content.text),
        quick_replies: tpl.options.map((o) => ({text: o.title, type: "text"})),
      }};
    }
    const options = tpl.items.flatMap((item) => item.options.map((o) => o.title));
    return {type: "msg_created", msg: {
      text: fill(tpl.body) + "\n" + options.map((o, i) => `${i + 1}. ${o}`).join("\n"),
    }};
  },
});

flowctl.registerAction("set_contact_profile", {
  flowTypes: ["messaging"],
  templates: ["value", "value.name", "value.type"],
  events: ["contact_profile_changed"],
  schema: {
    type: "object",
    required: ["profile_type", "value"],
    properties: {
      profile_type: {enum: ["Create Profile", "Switch Profile", "Deactivate Profile"]},
      value: {},
    },
    // what value holds depends on the operation
    if: {properties: {profile_type: {const: "Create Profile"}}},
    then: {properties: {value: {type: "object", required: ["name"], properties: {name: template, type: {type: "string"}}}}},
    else: {properties: {value: {type: "string", minLength: 1, description: "the profile's index, 1 for the first"}}},
  },
  execute(action, ctx) {
    // Glific routes on the outcome; here it is the result "profile", Success or Failure
    const outcome = (category, value) =>
      ctx.invokeAction({type: "set_run_result", name: "profile", value, category});
    if (action.profile_type === "Create Profile") {
      const name = ctx.evaluate(action.value.name);
      ctx.log({type: "contact_profile_changed", operation: "created", name, profile_type: ctx.evaluate(action.value.type || "")});
      return outcome("Success", name);
    }
    const index = ctx.evaluate(action.value);
    if (!/^[1-9][0-9]*$/.test(index)) {
      return outcome("Failure", index);
    }
    ctx.log({type: "contact_profile_changed", operation: action.profile_type === "Switch Profile" ? "switched" : "deactivated", index: Number(index)});
    return outcome("Success", index);
  },
});

flowctl.registerAction("wait_for_result", {
  events: ["result_waited"],
  schema: {
    type: "object",
    required: ["delay"],
    properties: {
      delay: {type: "string", pattern: "^[0-9]*$", description: "seconds to wait, as text"},
      result_name: {type: "string"},
    },
  },
  execute(action, ctx) {
    // A simulation's webhooks answer at once, so the result is there or never comes.
    const key = (action.result_name || "").toLowerCase().replace(/[^a-z0-9]+/g, "_");
    const result = ctx.results[key];
    if (action.result_name && !result) {
      ctx.error(`wait_for_result: no result ${action.result_name} arrived within ${action.delay}s`);
    }
    return {type: "result_waited", seconds: Number(action.delay || 0), result: result ? result.value : null};
  },
});
