package setsafe

import "testing"

func TestSafetyProfileChangesTheRules(t *testing.T) {
	w := armoryWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, SetSafetyProfile{Profile: "us", RulesOff: []string{"PR-2"}, ShowClearMinutes: 5})
	rules, err := w.prod.SafetyRules()
	if err != nil {
		t.Fatal(err)
	}
	if rules.Applies("PR-2") || !rules.Applies("FA-6") || rules.Params.ShowClearWindow.Minutes() != 5 {
		t.Fatalf("rules: %+v", rules)
	}
}
