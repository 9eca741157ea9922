flowctl.addListener("beforeSendMgs", () => {});
