package recordkeeping_test

import (
	"fmt"

	"github.com/setsafe/setsafe/recordkeeping"
)

func ExampleRecordable() {
	// A grip cut by a C-stand is stitched up at the clinic and back on
	// set the next day.
	o := recordkeeping.Outcomes{WorkRelated: true, NewCase: true, MedicalTreatment: true}
	d, _ := recordkeeping.Recordable(o)
	fmt.Println(d.Why)
	class, _ := recordkeeping.Classify(o)
	fmt.Println(class.Column(), class)

	// A splinter taken out with tweezers is first aid.
	d, _ = recordkeeping.Recordable(recordkeeping.Outcomes{WorkRelated: true, NewCase: true})
	fmt.Println(d.Recordable)
	// Output:
	// recorded: work-related and new (1904.4(a)), and it meets medical treatment beyond first aid (1904.7(b)(5))
	// J other recordable case
	// false
}

func ExampleCapDays() {
	away, restricted := recordkeeping.CapDays(150, 60)
	fmt.Println(away, restricted)
	// Output: 150 30
}
