// Policing: a message longer than its channel allows is not sent. A real gateway would split or
// refuse it; catching it in simulation means the flow is fixed before it goes live.
//
// The limits are per URN scheme, for a single message (an SMS is one 160-character segment).
const limits = {tel: 160, whatsapp: 4096, telegram: 4096, facebook: 2000};

flowctl.addListener("beforeSendMsg", (action, abort, ctx) => {
  const urn = (ctx.contact.urns || [])[0] || "";
  const scheme = urn.split(":")[0];
  const limit = limits[scheme];
  if (limit === undefined) {
    return; // nothing known about this channel
  }
  // the text as the contact would get it: templates evaluated
  const text = ctx.evaluate(action.text);
  if (text.length > limit) {
    abort(`the message is ${text.length} characters; ${scheme} allows ${limit}`);
  }
});
