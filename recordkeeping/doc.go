// Package recordkeeping keeps the US injury and illness records of
// 29 CFR Part 1904 for an establishment: it decides whether a case is
// recorded, classifies it, and produces OSHA's three forms and the files
// of OSHA's Injury Tracking Application (ITA). It knows nothing of the
// rest of setsafe: the incident records map their facts onto a [Case].
//
// # The forms
//
//   - Form 300, the log of work-related injuries and illnesses: one row a
//     recordable case (1904.29(a)): case number (A), employee's name (B),
//     job title (C), date (D), where (E), description (F); the most
//     serious outcome, one of death (G), days away from work (H), job
//     transfer or restriction (I), other recordable case (J); days away
//     (K) and days of transfer or restriction (L); and its type (M): an
//     injury or one of five kinds of illness. [Log300], [Write300PDF].
//   - Form 301, the injury and illness incident report, completed within 7
//     calendar days of learning of a recordable case (1904.29(b)(3)) and
//     kept 5 years (1904.33). [Write301PDF].
//   - Form 300A, the annual summary: the totals of columns G to M, the
//     annual average number of employees and total hours worked
//     (1904.32(a)(2)), certified by a company executive (1904.32(b)(3))
//     and posted from February 1 to April 30 of the following year
//     (1904.32(b)(6)). [Summary300A], [Write300APDF].
//
// # The rules
//
//   - Recording (1904.4): a case is recorded when it is work-related
//     (1904.5), a new case (1904.6) and meets a general recording
//     criterion of 1904.7: death (b)(2), days away from work (b)(3),
//     restricted work or job transfer (b)(4), medical treatment beyond
//     first aid (b)(5), loss of consciousness (b)(6), or a significant
//     injury or illness diagnosed by a physician or other licensed health
//     care professional (b)(7). First aid alone is not recorded
//     (1904.7(b)(5)(ii)). [Recordable] answers with the criteria met.
//   - Classification: the one most serious outcome, in the order of
//     1904.7(b): death, days away, transfer or restriction, other.
//     [Classify].
//   - Day counts: calendar days, not the day of the injury
//     (1904.7(b)(3)(i)); counting may stop when days away and days of
//     restriction or transfer together reach 180 (1904.7(b)(3)(vii),
//     1904.7(b)(4)(x)). [CapDays].
//   - Privacy concern cases: the closed list of 1904.29(b)(7) and (b)(8);
//     the 300 shows "Privacy case" instead of the name (1904.29(b)(6)),
//     may leave out details that would identify the employee
//     (1904.29(b)(9)), and the names are kept on a confidential list.
//     [PrivacyReason], [ConfidentialList].
//   - Electronic submission (1904.41, as amended effective 1 January
//     2024): establishments of 20 to 249 employees in the industries of
//     Appendix A to Subpart E, and all of 250 or more, submit the 300A;
//     establishments of 100 or more in the industries of Appendix B also
//     submit the 300 and 301, without names and addresses; all by March 2.
//     [WriteSummaryCSV], [WriteCaseCSV]. ita.go names the source of each
//     coded value, and which could not be confirmed against OSHA's own
//     current data dictionary.
//
// Every function that takes what people typed checks it first and
// refuses with [Problem]s that name the field and say how to fix it.
package recordkeeping
