extension String {
    /// Title case as Python's `str.title()`: a letter is upper-cased when it follows a
    /// character that is not a letter, and lower-cased otherwise.
    var pythonTitleCased: String {
        var result = ""
        result.reserveCapacity(utf8.count)
        var previousWasCased = false
        for character in self {
            if character.isLetter && (character.isUppercase || character.isLowercase) {
                result += previousWasCased ? character.lowercased() : character.uppercased()
                previousWasCased = true
            } else {
                result.append(character)
                previousWasCased = false
            }
        }
        return result
    }
}
