// Package dailyreport makes the daily safety report: for one shooting day
// on the set's clock, what the safety record says happened, written as a
// PDF the producer signs and attaches to the production report.
//
// [Build] reads the report's content from a production's state and the
// day's ledger entries, where the state alone does not say what happened
// that day (a refusal, a hand-off, a climb up the ladder leave no row of
// their own). [Write] writes the content as a PDF, uncompressed so that
// its words can be searched and checked. The report says which ledger it
// was made from (its size, and the latest signed checkpoint and the key
// that verifies it, when given), so that anyone can check it against the
// ledger.
//
// The report never prints who raised a concern anonymously, nor the seal
// that stands for a confidential reporter: an anonymous concern says
// "anonymous", a confidential one "confidential".
//
// The package is domain: it imports no database and no web code, only
// setsafe, its gate and its incident register.
package dailyreport
