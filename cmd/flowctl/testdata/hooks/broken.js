flowctl.addListener("beforeSendMsg", (action) => {
  if (action.text {
});
