// Purpose: The wijken served by a set of teams: a professional's or coordinator's scope. Not an analysis.
// Parameters:
//   $teams  Team ids                                   :param teams => ['T-NOORD']
// Columns: code (of a wijk served by one of the teams)
// Order: code.

UNWIND $teams AS team
MATCH (:Team {id: team})-[:SERVES]->(w:Wijk)
RETURN DISTINCT w.code AS code
ORDER BY code
