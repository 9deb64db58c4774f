// Package crewlist reads the crew lists that studios and production offices
// export from their spreadsheets as CSV, so that a production's people can
// be added in one go instead of one by one.
//
// [Parse] recognises the columns by their headings, in any case and under
// their common names (Name or Full name, Department, Role, Position or Job
// title, E-mail, Phone, and their Spanish names), reads files separated
// by commas or semicolons, with or without a UTF-8 byte order mark, and
// turns each row into a [Person] or into a [Problem] that names its row and says how to fix it.
// A file it cannot read at all is a [FileError]. Job titles, in English
// or Spanish, say duties and propose the roles that go with them
// ([RoleFor], from the domain's table, [setsafe.ReadTitle]): "Armorer"
// and "Armera" an armorer, "Asst. props" and "Utilero" props work as
// crew; a title of two jobs ("Armorer / key assistant props") says both,
// and an armorer whose title says another duty is marked (FA-4). A title
// that says no duty is one of the List's Unplaced, for the importer to
// choose a role ([Person.Placed]); until then its people are crew.
//
// The package only reads: adding the people is the work of the domain's
// commands ([setsafe.AddPerson]), one person at a time.
package crewlist
