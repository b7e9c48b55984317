package org.raftforge.generator.plan;

/** What a variant's model target is; every variant also runs natively (the host stands in for the board). */
public enum TargetKind {
	NATIVE("native"), QEMU("qemu");

	private final String word;

	TargetKind(String word) {
		this.word = word;
	}

	/** The word used in the model, launch.json and messages. */
	public String word() {
		return word;
	}
}
