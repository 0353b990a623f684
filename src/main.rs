fn main() -> std::process::ExitCode {
    lernfall::cli::main()
}
