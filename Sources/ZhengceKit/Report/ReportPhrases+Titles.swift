extension ReportPhrases {
    /// A clause title followed by its article: `科技保险保费补贴（第二条）`. An article the policy
    /// already writes in full-width brackets (`（一）`) is shown as written, not bracketed twice.
    func titled(_ title: String, article: String?) -> String {
        guard let article else { return title }
        return title + (article.hasPrefix("（") ? article : aside(article))
    }
}
