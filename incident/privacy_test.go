package incident

import (
	"testing"

	"github.com/setsafe/setsafe"
)

func TestInjuryCasesArePrivate(t *testing.T) {
	for _, ty := range []string{"injury_case.recorded", "injury_case.corrected"} {
		if what, ok := setsafe.PrivateWhat(ty); !ok || what == "" {
			t.Errorf("%s is not private", ty)
		}
	}
	for _, ty := range []string{"incident.opened", "investigation.concluded", "establishment.year_set"} {
		if _, ok := setsafe.PrivateWhat(ty); ok {
			t.Errorf("%s is withheld from third parties, who need it", ty)
		}
	}
}
