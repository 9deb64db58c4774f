// Package gate decides whether an action on set may go ahead. Given what
// the production's records say (a [Situation]) and a proposed [Action], it
// answers GO, or NO-GO with every rule that fails and a sentence a tired
// person on set understands, such as "Nobody has shown the revolver clear
// to Alec and the 1st AD in the last 10 minutes (FA-6)."
//
// The rules come from the safety rule catalogue ([Catalogue]), each with a
// stable ID. Which rules apply, and their parameters, depend on the
// production's jurisdiction [Profile]; a production may tighten a rule the
// profile makes mandatory, never loosen it ([Profile.With]).
//
// The package does no I/O and keeps no state: the same situation and action
// always give the same verdict, which is what lets the answer shown before
// an action ("would it be allowed?") be the answer enforced when it is
// taken.
package gate
