package jshooks

import (
	"testing"

	"github.com/flowctl/flowctl/flows/engine"
)

func BenchmarkLoadTiny(b *testing.B) {
	src := []byte(`flowctl.addListener("beforeSendMsg", (action, abort) => {});`)
	for i := 0; i < b.N; i++ {
		if _, err := Load(engine.NewHooks(), []File{{Path: "police.js", Src: src}}, Options{Now: testStart}); err != nil {
			b.Fatal(err)
		}
	}
}
