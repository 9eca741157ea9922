// A webhook fixture computed in JavaScript: call_webhook actions to the orders API are answered
// from the request, through the built-in behaviour, so the webhook_called event, @webhook and
// the result are exactly those of a real answer. Other URLs go to the network as usual (that
// is, to --http-mocks in a simulation).
const ordersAPI = "https://api.example.org/orders";

function answer(req) {
  if (req.method !== "POST") {
    return {status: 405, body: {error: "use POST"}};
  }
  const order = JSON.parse(req.body);
  if (!order.items || order.items.length === 0) {
    return {status: 422, body: {error: "an order needs items"}};
  }
  const total = order.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  return {
    status: 201,
    headers: {"Content-Type": "application/json"},
    body: {order_id: "A-" + (1000 + order.items.length), total, currency: "KES", status: "confirmed"},
  };
}

flowctl.replaceAction("call_webhook", (action, original, next, ctx) => {
  if (!action.url.startsWith(ordersAPI)) {
    return next();
  }
  return original(action, {http: answer});
});
