// Package crewlist reads the crew lists that studios and production offices
// export from their spreadsheets, so that a production's people can be
// added, and kept up to date, in one go instead of one by one.
//
// [Parse] recognises the columns by their headings, in any case and under
// their common names (Name or Full name, Department, Role, Position or Job
// title, E-mail, Phone, and their Spanish names). It reads the text as
// spreadsheets save it ([Decode]): UTF-8 with or without a byte order
// mark ("CSV UTF-8"), UTF-16 with its mark ("Unicode text"), and
// otherwise Windows-1252, Excel's plain "CSV" on Windows. It finds the
// separator, comma, semicolon or tab, from the heading row and the first
// rows ([Separator]). An Excel workbook (.xlsx, found by its content, not
// its name) is read from its first sheet, within limits on what it
// unpacks to. Each row becomes a [Person] or a
// [Problem] that names its row and says how to fix it; a phone kept as
// written ("505-555-0138 / 505-555-0199", "ext 2") is a warning on its
// row. A file it cannot read at all is a [FileError].
//
// Job titles, in English or Spanish, say duties and propose the roles that
// go with them ([RoleFor], from the domain's table, [setsafe.ReadTitle]):
// "Armorer" and "Armera" an armorer, "Asst. Armorer" an assistant
// armorer, "Asst. props" and "Utilero" props work as crew; a title of two
// jobs ("Armorer / key assistant props") says both, and an armorer whose
// title says another duty is marked (FA-4). A title that says no duty is
// one of the List's Unplaced, for the importer to choose a role
// ([Person.Placed]); until then its people are crew.
//
// [PlanImport] works out, against the people on a production, what an
// import does: whom it adds; whose department, job title, e-mail address
// or phone it changes (people are matched by e-mail address, else by
// exact name; a blank cell never erases what is known); who is on it
// unchanged; and who is on the production but no longer on the list,
// listed and never removed. [Plan.Steps] turns a plan into the domain's
// commands, [setsafe.AddPerson] and [setsafe.UpdatePerson] with the reason
// [ReimportReason], one person at a time. The package only reads and
// plans: the commands are run by the API and the pages alike.
package crewlist
